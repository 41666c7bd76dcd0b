"""Issue a partner newsroom's key to the ninjs feed, or revoke one by its prefix.

python manage.py create_partner_key "Kazinform, Astana desk"
python manage.py create_partner_key --revoke nr_AbCdE
"""

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from articles.models.partners import PartnerKey, partner_key_issue, partner_key_revoke


class Command(BaseCommand):
    help = "Issue an API key for a partner newsroom (printed once, never stored), or revoke one."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="Who the key is for, e.g. the partner's name.")
        parser.add_argument(
            "--revoke",
            metavar="PREFIX",
            help="Revoke the active key starting with PREFIX (as listed in the admin).",
        )

    def handle(self, *args, name=None, revoke=None, **options):
        if revoke:
            if name:
                raise CommandError("Give either a name (to issue a key) or --revoke, not both.")
            self.revoke(revoke)
            return
        if not name or not name.strip():
            raise CommandError("Say who the key is for: create_partner_key NAME.")
        key, raw = partner_key_issue(name=name.strip())
        self.stdout.write(f"New key for “{key.name}” (prefix {key.prefix}):")
        self.stdout.write(raw)
        self.stdout.write(
            f"The partner sends it in the header “Authorization: Bearer <key>” with every "
            f"request to {reverse('api:ninjs_list')}. It is not stored: copy it now."
        )

    def revoke(self, prefix: str) -> None:
        keys = list(PartnerKey.objects.filter(prefix__startswith=prefix))
        active = [key for key in keys if key.is_active]
        if not keys:
            raise CommandError(f"No partner key starts with “{prefix}”.")
        if len(active) > 1:
            names = ", ".join(str(key) for key in active)
            raise CommandError(f"Several active keys start with “{prefix}”: {names}. Be precise.")
        if not active:
            self.stdout.write(f"Already revoked: {', '.join(str(key) for key in keys)}.")
            return
        partner_key_revoke(key=active[0])
        self.stdout.write(f"Revoked {active[0]}; requests with it are refused from now on.")
