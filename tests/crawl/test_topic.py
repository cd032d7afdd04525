"""The topic crawl on the fixture web: it finds the coverage of the story (also a page reached only by a link),
fetches it before anything else and keeps the other stories out of the result; a search backend (a local fake of
SearXNG's JSON API) adds seeds."""

from __future__ import annotations

import json

import pytest

from gegenprobe.crawl import Frontier, SearxngSearch, topic_crawl
from gegenprobe.crawl._topic import frontier_name
from gegenprobe.types import Article

from .conftest import DAY

pytestmark = pytest.mark.e5

QUERY = Article(id="query", title="Marode Rheinbrücke in Mainz: Lastwagen dürfen nicht mehr fahren", date=DAY,
                text="Die Theodor-Heuss-Brücke zwischen Mainz und Wiesbaden ist für Lastwagen gesperrt worden, "
                     "nachdem Risse an den Lagern entdeckt wurden. Angeblich wurde das lange verschwiegen. Pendler "
                     "stehen im Stau, die Sanierung soll zwölf Millionen Euro kosten.")
STORY_PAGES = ("/politik/bruecke-gesperrt.html", "/inland/bruecke-mainz-risse.html",
               "/regional/rheinbruecke-pendler.html")
OTHER_PAGES = ("/wirtschaft/lokfuehrer-streik.html", "/inland/ernte-brandenburg.html", "/politik/kiel-stichwahl.html",
               "/inland/stichwahl-kiel.html", "/wahl/stichwahl-kiel.html", "/land/ernte-trockenheit.html")


@pytest.fixture(scope="module")
def searched(web):
    """A fake SearXNG that knows one page of the story and one of another story."""
    results = {"results": [
        {"url": web.url("beta.example", "/regional/rheinbruecke-pendler.html"), "title": "Rheinbrücke Mainz: Stau",
         "content": "Pendler im Stau nach der Sperrung der Brücke", "publishedDate": "2024-05-06T09:00:00"},
        {"url": web.url("beta.example", "/inland/stichwahl-kiel.html"), "title": "Stichwahl in Kiel"}]}
    web.add("127.0.0.1", "/search*", (200, {"Content-Type": "application/json"}, json.dumps(results).encode()))
    return SearxngSearch(web.url("127.0.0.1", ""))


def test_the_topic_crawl_brings_back_the_story_and_leaves_the_rest(web, job, registry, searched):
    start = len(web.log)
    sources = registry.select(["alpha", "beta", "epsilon"])
    result = topic_crawl(job, QUERY, sources, days=7, budget=40, search=searched)
    log = web.log[start:]
    # copies of one agency text are shown once (the near-duplicate collapse): count them with their hit
    ids = [i for hit in result.hits for i in (hit.id, *hit.duplicates)]
    found = {job.store.get(i).article.url.split(":", 2)[2].split("/", 1)[1] for i in ids}
    assert {p.lstrip("/") for p in STORY_PAGES} <= found, found
    # best first: on each host the story's pages before any page of another story (a small web leaves budget
    # for those too)
    for host in ("alpha.example", "beta.example"):
        order = [path for _, h, path in log if h == host]
        story_done = max(order.index(p) for p in STORY_PAGES if p in order)
        assert all(order.index(p) > story_done for p in OTHER_PAGES if p in order), (host, order)
    assert not found & {p.lstrip("/") for p in OTHER_PAGES}
    assert result.search_error == ""
    with Frontier(job.settings.corpus.path, frontier_name(QUERY)) as frontier:
        origin = frontier._db.execute("SELECT discovered_from FROM urls WHERE url LIKE '%rheinbruecke-pendler%'")
        assert origin.fetchone()[0] == "search"
    exported = result.export()["ID = 1"]
    assert exported[0]["Title"] == QUERY.title and len(exported[1]) + len(exported[2]) == len(result.hits)


def test_a_failing_search_backend_is_reported_and_the_crawl_goes_on(web, job, registry):
    web.add("127.0.0.1", "/kaputt/search*", (500, {"Content-Type": "text/plain"}, b"error"))
    result = topic_crawl(job, QUERY, registry.select(["alpha"]), days=7, budget=5,
                         search=SearxngSearch(web.url("127.0.0.1", "/kaputt")))
    assert "search backend failed" in result.search_error and result.hits

