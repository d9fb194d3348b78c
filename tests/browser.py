"""A small HTTP "browser" for tests that drive sign-in pages over real HTTP."""

from __future__ import annotations

import httpx


class Browser:
    """An HTTP client that keeps cookies as a browser does on loopback: Keycloak marks them
    Secure even over plain HTTP, and Chromium sends Secure cookies to 127.0.0.1 (a secure
    context), while Python's cookie jar would not."""

    def __init__(self) -> None:
        self.http = httpx.Client(follow_redirects=False, timeout=20)
        self.cookies: dict[str, str] = {}

    def _send(self, method: str, url: str, **kw: object) -> httpx.Response:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        response = self.http.request(method, url, headers=headers, **kw)  # type: ignore[arg-type]
        for header in response.headers.get_list("set-cookie"):
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if not value or "max-age=0" in header.lower() or "expires=thu, 01-jan-1970" in header.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response

    def get(self, url: str) -> httpx.Response:
        return self._send("GET", url)

    def post(self, url: str, data: dict[str, str]) -> httpx.Response:
        return self._send("POST", url, data=data)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *args: object) -> None:
        self.http.close()
