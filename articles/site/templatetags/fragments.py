"""`{% fragment %}`: Django's `{% cache %}`, kept by the versions of what it shows.

    {% fragment "card" article big compact hide_section skip=highlight %}…{% endfragment %}

The first argument names the kind of fragment (what it depends on: articles/cache/fragments.py),
the second the piece it shows (none for a fragment of the whole site), the others the
variant (one kept entry holds every variant of a piece's fragment). `skip`: render it
every time when true (a search result's highlights belong to one query).
"""

from django import template

from articles.cache import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, kind: str, obj, variant: list, skip):
        self.nodelist, self.kind, self.obj, self.variant, self.skip = (
            nodelist, kind, obj, variant, skip
        )  # fmt: skip

    def render(self, context) -> str:
        if self.skip is not None and self.skip.resolve(context):
            return self.nodelist.render(context)
        obj = self.obj.resolve(context) if self.obj is not None else None
        variant = "|".join(repr(value.resolve(context)) for value in self.variant)
        return fragments.cached(
            self.kind, obj, lambda: self.nodelist.render(context), variant=variant, context=context
        )


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError("{% fragment %} takes a quoted kind first.")
    kind = bits[1][1:-1]
    if kind not in fragments.DEPENDS:
        raise template.TemplateSyntaxError(f"{{% fragment %}}: no such kind {kind!r}.")
    skip, rest = None, []
    for bit in bits[2:]:
        if bit.startswith("skip="):
            skip = parser.compile_filter(bit[len("skip=") :])
        else:
            rest.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    obj, variant = (rest[0], rest[1:]) if rest else (None, [])
    return FragmentNode(nodelist, kind, obj, variant, skip)
