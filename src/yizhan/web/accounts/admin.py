"""User management for district administrators in Django's admin (/admin/, Chinese UI):
each user's role and subdistrict are edited inline on the user page."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _

from yizhan.web.accounts.models import Profile, Token

admin.site.site_header = _("一站 · 用户管理")
admin.site.site_title = _("一站 · 用户管理")
admin.site.index_title = _("用户管理")
admin.site.site_url = "/"


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    max_num = 1


class YizhanUserAdmin(UserAdmin):
    inlines = [ProfileInline]
    list_display = ["username", "first_name", "role", "subdistrict", "is_active", "last_login"]
    list_filter = ["is_active", "profile__role", "profile__subdistrict"]

    @admin.display(description=_("角色"))
    def role(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.get_role_display() if profile else "—"

    @admin.display(description=_("所属街道"))
    def subdistrict(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.subdistrict if profile and profile.subdistrict else "—"


@admin.register(Token)
class TokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "description", "created", "expires", "last_used"]
    readonly_fields = ["prefix", "created", "last_used"]
    fields = ["user", "description", "expires", "prefix", "created", "last_used"]

    def has_add_permission(self, request):
        return False  # tokens are created by their owner (the key is shown once)


admin.site.unregister(User)
admin.site.register(User, YizhanUserAdmin)
admin.site.unregister(Group)
