"""The district administrator's user form: a role of :data:`yizhan.web.grants.ROLES` and the
scope that role needs (a subdistrict, a station, a committee, a department name).

The rule "which role needs which scope" is :meth:`Profile.clean`, so the form, the Django
admin and any script refuse the same profiles with the same messages.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yizhan.web.accounts.models import Profile
from yizhan.web.validators import validate_text

__all__ = ["UserForm"]


class UserForm(forms.ModelForm):
    """New user (with a user name) or a user's role and scope (``user`` given)."""

    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=150, required=False,
                                validators=[validate_text])

    class Meta:
        model = Profile
        fields = ["role", "subdistrict", "station", "committee", "department"]

    def __init__(self, *args, user=None, **kwargs):
        if user is not None:
            kwargs.setdefault("instance", getattr(user, "profile", None) or Profile(user=user))
        super().__init__(*args, **kwargs)
        self.user = user
        for name in ("station", "committee"):  # the choices name their subdistrict
            self.fields[name].queryset = self.fields[name].queryset.select_related("subdistrict")
            self.fields[name].label_from_instance = lambda o: f"{o.subdistrict} · {o}"
        if user is not None:
            del self.fields["username"]
            self.fields["full_name"].initial = user.first_name

    def clean_username(self):
        User = get_user_model()
        name = self.cleaned_data["username"].strip()
        try:
            User(username=name).clean_fields(
                exclude=[f.name for f in User._meta.fields if f.name != "username"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        if User.objects.filter(username__iexact=name).exists():
            raise forms.ValidationError(_("用户名“%(name)s”已被使用。") % {"name": name})
        return name

    def save(self, commit=True):
        """Create or update the user and their profile (change-logged by the caller's
        request context). A new user has no usable password until the administrator gives
        one (:func:`yizhan.web.accounts.resets.reset_password`)."""
        User = get_user_model()
        user = self.user
        if user is None:
            user = User(username=self.cleaned_data["username"])
            user.set_unusable_password()
        user.first_name = self.cleaned_data.get("full_name", "")
        user.save()
        self.instance.user = user
        return super().save(commit)
