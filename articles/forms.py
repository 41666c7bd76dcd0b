from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Article

# What a good headline and lead usually measure (characters); the counter turns amber past it.
LENGTH_HINTS = {"headline": (40, 90), "lead": (150, 300)}


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "language", "headline", "lead", "body", "dateline", "source", "earlier",
            "hero_photo", "hero_caption", "status", "published_at", "section", "tags",
            "is_breaking", "is_featured", "slug", "story", "seo_title", "seo_description",
        ]  # fmt: skip
        widgets = {
            "headline": forms.TextInput(attrs={"class": "vLargeTextField", "autofocus": True}),
            "lead": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        }

    class Media:
        js = [
            "admin/js/vendor/jquery/jquery.js",
            "admin/js/vendor/select2/select2.full.js",
            "admin/js/jquery.init.js",
            "admin/js/autocomplete.js",
            "newsroom/admin-photo-picker.js",
            "newsroom/admin-length-hints.js",
        ]
        css = {"all": ["newsroom/admin.css"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (low, high) in LENGTH_HINTS.items():
            self.fields[name].widget.attrs.update(
                {
                    "data-length-min": low,
                    "data-length-max": high,
                    "data-length-label": _("%(count)s characters; aim for %(low)s–%(high)s")
                    % {"count": "{count}", "low": low, "high": high},
                }
            )
        self.fields["published_at"].help_text = _(
            "With status “Published”: leave empty to publish now, or pick a future time "
            "to schedule (Asia/Almaty time)."
        )
