"""`observatoire opml import|export` and `observatoire sources` on temporary configurations.

OPML goes through click's runner and is read back with xml.etree and yaml.safe_load; the
health table comes from a real collection (a local HTTP server, a real SQLite store).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from feedserver import FeedServer

from generator.cli import main
from generator.config import Config, load_config, parse_config
from generator.store import Store

KIND_ATTRIBUTE = "{https://observatoire.example.org/opml}kind"

HEAD = """\
site: {{title: "Veille & réputation"}}
store: {{url: "sqlite:///{db}"}}
sectors:
  - slug: telecom
    name: Télécoms
    brands:
      - {{slug: orbis, name: Orbis Télécom}}
"""

SOURCES = """\
sources:
  - name: Forum Orbis
    url: https://forum.orbis.example/latest.rss
    kind: forum
    language: fr
  - name: 'R&D "Box" <Orbis>'
    url: https://blog.example/feed?a=1&b=2
    kind: blog
  - name: Actu Télécoms
    url: https://actu.example/rss.xml
    kind: news
    language: fr
  - name: Piaf
    url: https://piaf.example/tags/orbis.rss
    kind: social
  - name: Avis opérateurs
    url: https://avis.example/orbis.xml
    kind: review
  - name: TechTube
    url: https://video.example/feeds/videos.xml?channel_id=UC1
    kind: video
    language: en
  - name: Flux local
    path: feeds/local.xml
    kind: news
"""

# Folders and categories name kinds in several languages; some outlines name none.
IMPORTED = """\
<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0" xmlns:observatoire="https://observatoire.example.org/opml">
  <head><title>Mes abonnements</title></head>
  <body>
    <outline text="Forums">
      <outline type="rss" text="Déjà là" xmlUrl="https://forum.orbis.example/latest.rss"/>
      <outline type="rss" text="Communauté Box" xmlUrl="https://box.example/latest.rss"/>
    </outline>
    <outline text="Vidéos">
      <outline text="YouTube">
        <outline type="rss" title="Chaîne Orbis" xmlUrl="https://video.example/orbis.xml"
                 language="fr"/>
      </outline>
    </outline>
    <outline type="rss" text="Avis clients" category="avis" xmlUrl="https://avis.example/b.xml"/>
    <outline type="rss" text="Piaf" observatoire:kind="social"
             xmlUrl="https://piaf.example/tags/box.rss"/>
    <outline type="rss" text="Un blog" xmlUrl="https://unblog.example/atom.xml"/>
    <outline type="rss" text="Forum Orbis" xmlUrl="https://other.example/feed"/>
    <outline type="link" text="Pas un flux" url="https://example.org/"/>
    <outline type="rss" text="Script" xmlUrl="javascript:alert(1)"/>
  </body>
</opml>
"""


def run(*args: str) -> Result:
    return CliRunner(env={"COLUMNS": "200"}).invoke(main, list(args), catch_exceptions=False)


def write_config(folder: Path, sources: str = SOURCES) -> Path:
    path = folder / "observatoire.yml"
    path.write_text(HEAD.format(db=folder / "obs.db") + sources, encoding="utf-8")
    return path


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    return write_config(tmp_path)


def exported_feeds(document: str) -> list[tuple[str, str, str, str | None]]:
    """(name, url, kind, language) of every feed outline, checking the OPML 2.0 shape."""
    assert document.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(document)
    assert root.tag == "opml" and root.get("version") == "2.0"
    head, body = root.find("head"), root.find("body")
    assert head is not None and body is not None
    assert head.findtext("title") == "Veille & réputation"
    assert parsedate_to_datetime(head.findtext("dateCreated") or "").tzinfo is not None
    feeds = []
    for folder in body.findall("outline"):
        assert folder.get("xmlUrl") is None  # one folder per kind, feeds inside
        for outline in folder.findall("outline"):
            kind = outline.get("category")
            assert folder.get("text") == kind == outline.get(KIND_ATTRIBUTE)
            assert outline.get("type") == "rss"
            assert outline.get("text") == outline.get("title")
            feeds.append(
                (outline.get("text"), outline.get("xmlUrl"), kind, outline.get("language"))
            )
    return feeds


def configured(config: Config) -> list[tuple[str, str, str, str | None]]:
    return [(s.name, s.location, s.kind, s.language) for s in config.sources]


def append_sources(config_text: str, block: str) -> str:
    """The printed block pasted under `sources:` as the README says (indented as the rest)."""
    indented = "".join(f"  {line}\n" if line else "\n" for line in block.splitlines())
    if "sources:" not in config_text:
        config_text += "sources:\n"
    return config_text + indented


# -- export -----------------------------------------------------------------------------------


def test_export_to_a_file_lists_every_source_with_url_and_kind(
    config_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "sources.opml"
    out.parent.mkdir()
    result = run("opml", "export", str(out), "--config", str(config_file))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"7 sources written to {out}" in result.stderr
    assert [p.name for p in out.parent.iterdir()] == ["sources.opml"]  # no temporary left
    feeds = exported_feeds(out.read_text(encoding="utf-8"))
    config = load_config(config_file)
    assert sorted(feeds) == sorted(configured(config))
    # The path source is exported as the file:// URL the collector fetches.
    local = next(f for f in feeds if f[0] == "Flux local")
    assert local[1] == (tmp_path / "feeds" / "local.xml").resolve().as_uri()
    # Folders follow the kinds' order, so a reader shows forums first.
    kinds = [kind for _, _, kind, _ in feeds]
    assert kinds == sorted(kinds, key=["forum", "blog", "news", "social", "review", "video"].index)


def test_export_to_standard_output_is_the_same_document(config_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "sources.opml"
    assert run("opml", "export", str(out), "--config", str(config_file)).exit_code == 0
    result = run("opml", "export", "--config", str(config_file))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert exported_feeds(result.stdout) == exported_feeds(out.read_text(encoding="utf-8"))
    # Markup in names and URLs is escaped, never interpreted.
    assert 'text="R&amp;D &quot;Box&quot; &lt;Orbis&gt;"' in result.stdout
    assert 'xmlUrl="https://blog.example/feed?a=1&amp;b=2"' in result.stdout


def test_export_of_a_configuration_without_sources_is_an_empty_body(tmp_path: Path) -> None:
    config_file = write_config(tmp_path, sources="")
    result = run("opml", "export", "--config", str(config_file))
    assert result.exit_code == 0, result.output
    body = ET.fromstring(result.stdout).find("body")
    assert body is not None and list(body) == []


# -- import -----------------------------------------------------------------------------------


def test_import_prints_only_new_feeds_as_entries_that_validate(
    config_file: Path, tmp_path: Path
) -> None:
    opml_file = tmp_path / "abonnements.opml"
    opml_file.write_text(IMPORTED, encoding="utf-8")
    before = config_file.read_bytes()
    result = run("opml", "import", str(opml_file), "--config", str(config_file), "--kind", "blog")
    assert result.exit_code == 0, result.output
    assert f"# 6 new of 7 feeds in {opml_file}" in result.stderr
    entries = yaml.safe_load(result.stdout)
    assert entries == [
        {"name": "Communauté Box", "url": "https://box.example/latest.rss", "kind": "forum"},
        {
            "name": "Chaîne Orbis",
            "url": "https://video.example/orbis.xml",
            "kind": "video",
            "language": "fr",
        },
        {"name": "Avis clients", "url": "https://avis.example/b.xml", "kind": "review"},
        {"name": "Piaf (2)", "url": "https://piaf.example/tags/box.rss", "kind": "social"},
        {"name": "Un blog", "url": "https://unblog.example/atom.xml", "kind": "blog"},
        {"name": "Forum Orbis (2)", "url": "https://other.example/feed", "kind": "blog"},
    ]
    assert config_file.read_bytes() == before  # the configuration is never rewritten
    text = before.decode("utf-8")
    merged = parse_config(append_sources(text, result.stdout), source="merged.yml")
    assert [s.name for s in merged.sources] == [
        *(s.name for s in load_config(config_file).sources),
        *(entry["name"] for entry in entries),
    ]


def test_import_kind_defaults_to_news_when_nothing_names_one(
    config_file: Path, tmp_path: Path
) -> None:
    opml_file = tmp_path / "abonnements.opml"
    opml_file.write_text(IMPORTED, encoding="utf-8")
    result = run("opml", "import", str(opml_file), "--config", str(config_file))
    assert result.exit_code == 0, result.output
    kinds = {entry["name"]: entry["kind"] for entry in yaml.safe_load(result.stdout)}
    assert kinds["Un blog"] == kinds["Forum Orbis (2)"] == "news"
    assert kinds["Communauté Box"] == "forum" and kinds["Chaîne Orbis"] == "video"


def test_import_of_feeds_all_configured_prints_nothing(config_file: Path, tmp_path: Path) -> None:
    opml_file = tmp_path / "mine.opml"
    assert run("opml", "export", str(opml_file), "--config", str(config_file)).exit_code == 0
    result = run("opml", "import", str(opml_file), "--config", str(config_file))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "# 0 new of 7 feeds" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<opml version='2.0'><body><outline text='x'></body></opml>", "not valid OPML"),
        ("", "not valid OPML"),
        ("<rss version='2.0'><channel/></rss>", "not an OPML document"),
        ("<opml version='2.0'><head/></opml>", "OPML without a <body>"),
    ],
)
def test_import_of_a_malformed_file_exits_1_naming_the_file(
    config_file: Path, tmp_path: Path, content: str, message: str
) -> None:
    opml_file = tmp_path / "broken.opml"
    opml_file.write_text(content, encoding="utf-8")
    result = run("opml", "import", str(opml_file), "--config", str(config_file))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{opml_file}: {message}" in result.stderr


def test_import_of_a_missing_file_is_a_usage_error(config_file: Path, tmp_path: Path) -> None:
    result = run("opml", "import", str(tmp_path / "none.opml"), "--config", str(config_file))
    assert result.exit_code == 2
    assert "none.opml" in result.stderr


def test_export_then_import_on_an_empty_configuration_gives_the_same_sources(
    config_file: Path, tmp_path: Path
) -> None:
    opml_file = tmp_path / "sources.opml"
    assert run("opml", "export", str(opml_file), "--config", str(config_file)).exit_code == 0
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    empty = write_config(empty_dir, sources="")
    # A --kind that no source has: every kind must come back from the OPML itself.
    result = run("opml", "import", str(opml_file), "--config", str(empty), "--kind", "review")
    assert result.exit_code == 0, result.output
    assert "# 7 new of 7 feeds" in result.stderr
    rebuilt = parse_config(append_sources(empty.read_text(encoding="utf-8"), result.stdout))
    assert sorted(configured(rebuilt)) == sorted(configured(load_config(config_file)))


# -- sources ----------------------------------------------------------------------------------

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{title}</title><link>https://forum.example/</link>
<item><title>Box en panne</title><link>https://forum.example/1</link><guid>f-1</guid>
<pubDate>Mon, 01 Jun 2026 10:00:00 GMT</pubDate><description>Orbis coupe encore</description></item>
<item><title>Merci</title><link>https://forum.example/2</link><guid>f-2</guid>
<pubDate>Tue, 02 Jun 2026 10:00:00 GMT</pubDate><description>Réparé par Orbis</description></item>
</channel></rss>
"""


def test_sources_prints_the_health_of_configured_sources_after_a_collection(
    tmp_path: Path,
) -> None:
    served = tmp_path / "www"
    served.mkdir()
    (served / "forum.xml").write_text(FEED.format(title="Forum"), encoding="utf-8")
    (served / "old.xml").write_text(FEED.format(title="Ancien"), encoding="utf-8")
    with FeedServer(served) as server:
        entries = [
            ("Forum Box", server.url + "forum.xml", "forum"),
            ("Blog disparu", server.url + "hostile/status/404", "blog"),
            ("Ancien forum", server.url + "old.xml", "forum"),
        ]
        listing = "sources:\n" + "".join(
            f"  - {{name: {name}, url: '{url}', kind: {kind}}}\n" for name, url, kind in entries
        )
        config_file = write_config(tmp_path, sources=listing)
        collected = run("collect", "--quiet", "--config", str(config_file))
    assert collected.exit_code == 0, collected.output
    # "Ancien forum" is dropped from the configuration but stays in the store.
    config_file = write_config(tmp_path, sources="".join(listing.splitlines(True)[:3]))
    assert [s.name for s in load_config(config_file).sources] == ["Forum Box", "Blog disparu"]
    with Store(load_config(config_file).store_url) as store:
        assert "Ancien forum" in set(store.source_health()["name"])

    result = run("sources", "--config", str(config_file))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    ok = next(line for line in lines if "Forum Box" in line)
    failed = next(line for line in lines if "Blog disparu" in line)
    assert " ok " in ok and "forum" in ok and "never" not in ok
    assert " 2 " in ok  # entries seen and posts stored
    assert "failing" in failed and "HTTP 404 Not Found" in failed and " 1 " in failed
    assert "Ancien forum" not in result.stdout
    assert "HTTP 404 Not Found" not in ok
