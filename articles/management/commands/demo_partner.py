"""Run the demo's partner newsroom: it receives, checks and prints what the newsroom sends."""

from django.core.management.base import BaseCommand

from articles.demo import partner


class Command(BaseCommand):
    help = (
        "Receive deliveries as the demo partner would (articles/demo/partner.py): check each "
        "signature, drop repeated delivery ids, print one line per piece. make run starts it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=partner.PORT)

    def handle(self, *args, **options):
        subscription = partner.ensure_subscription(options["port"])
        server = partner.PartnerServer(("127.0.0.1", options["port"]), self.say)
        self.stdout.write(
            f"Demo partner on {subscription.endpoint}, subscription “{subscription.name}”. "
            "Ctrl-C stops it."
        )
        self.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()

    def say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()  # a line as it happens, also into tmp/partner.log
