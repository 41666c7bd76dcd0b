from django.conf import settings

from .models import Section


def site(request):
    """What every public page's header needs: the site's name and its sections (lazily)."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "nav_sections": Section.objects.all,
    }
