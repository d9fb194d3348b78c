"""Words the domain says to people, in English, that a user interface can translate."""

from __future__ import annotations

from typing import Any


class Text(str):
    """A sentence in English that remembers its template and values, so that a user interface
    can translate it; the domain does not translate.

    ``Text("No centre %(slug)r.", slug="x")`` is the str ``"No centre 'x'."`` (so JSON, logs and
    comparisons see plain English), with ``.template`` the message id a translator sees
    (Babel extracts it: ``-k Text``) and ``.values`` what goes into it. Without values, the
    template is the text as it is (a ``%`` in it is not a placeholder).
    """

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, /, **values: Any) -> Text:
        text = super().__new__(cls, template % values if values else template)
        text.template = template
        text.values = values
        return text

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, Any]]:
        # A copy or an unpickled one is made from the template and values, not from the text.
        return (self.template,), self.values
