"""Operations URLs (``operations:…``), signed-in pages; the public open-affairs pages have
their own URL module under ``/open/``."""

from django.urls import path  # noqa: F401 - the parts of 四 add their paths

app_name = "operations"

urlpatterns: list = []
