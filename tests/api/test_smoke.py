def test_list_centres(as_):
    r = as_("coordinator").get("/v1/centres?country=CN")
    assert r.status_code == 200, r.get_json()
    assert {c["country"] for c in r.get_json()["items"]} == {"CN"}
