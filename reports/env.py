"""The jinja2 environment: package templates, autoescaping on for every HTML template (article text is untrusted)."""

from __future__ import annotations

from functools import lru_cache

import jinja2

from reports.formatting import FILTERS


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("reports", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "svg"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


def render(template: str, context) -> str:
    """Render a template with a typed context (a dataclass whose fields become the template's names)."""
    names = {field: getattr(context, field) for field in context.__dataclass_fields__}
    return environment().get_template(template).render(**names)
