"""Initiative and expiry pages (issue 6)."""

urlpatterns = []
