from gegenprobe.ingest import article_id, canonical_url, content_hash, source_of


def test_canonical_url_drops_tracking_fragment_and_slash():
    assert canonical_url("https://WWW.Zeit.de/a/?utm_source=tw&fbclid=1&p=2#c") == "https://www.zeit.de/a?p=2"


def test_source_is_the_registrable_domain():
    assert source_of("https://www.sueddeutsche.de/politik/x") == "sueddeutsche.de"
    assert source_of("https://de.rt.com/inland/1") == "rt.com"
    assert source_of("https://www.lokal.example/a") == "lokal.example"
    assert source_of(None) is None


def test_ids_prefer_own_id_then_url_then_text():
    assert article_id(42, "https://a.de/x", "t") == "42"
    assert article_id(None, "https://a.de/x?utm_medium=m", "t") == article_id("", "https://a.de/x/", "other")
    assert article_id(None, None, "Der Text.") == article_id(None, None, "der  text")
    assert len(article_id(None, None, "Der Text.")) == 16


def test_content_hash_ignores_case_punctuation_and_spacing():
    assert content_hash("Die Brücke, gesperrt!") == content_hash("die   brücke gesperrt")
    assert content_hash("Die Brücke") != content_hash("Die Brücken")
