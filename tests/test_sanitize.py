"""Feed HTML is untrusted: nothing executable survives, links are marked as user content."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.sanitize import html_to_text, sanitize_html


def test_scripts_handlers_and_dangerous_urls_are_removed() -> None:
    dirty = (
        '<p onclick="steal()">Hi <a href="javascript:alert(1)">x</a>'
        '<img src="data:image/png;base64,AAAA" onerror="steal()">'
        "<script>steal()</script><style>p{}</style><iframe src='https://evil'></iframe>"
        '<a href="vbscript:msgbox">v</a></p>'
    )
    clean = sanitize_html(dirty, base_url="https://forum.example/t/1")
    lowered = clean.lower()
    for forbidden in ("script", "onclick", "onerror", "javascript:", "data:", "vbscript:",
                      "iframe", "style", "steal"):  # fmt: skip
        assert forbidden not in lowered, forbidden
    assert clean.startswith("<p>Hi ")


def test_links_are_absolute_and_marked_as_user_content() -> None:
    clean = sanitize_html(
        '<a href="/u/julie" rel="me" target="_blank">Julie</a>', "https://f.example/t/9"
    )
    assert clean == '<a href="https://f.example/u/julie" rel="nofollow noopener ugc">Julie</a>'


def test_relative_links_without_a_web_base_are_dropped() -> None:
    assert "href" not in sanitize_html('<a href="/x">x</a>', base_url="file:///tmp/feed.xml")


def test_plain_text_keeps_paragraphs_and_decodes_entities() -> None:
    text = html_to_text(
        "<p>Orbis&nbsp;<b>Télécom</b> &amp; co</p><p>2e &lt;para&gt;</p><script>x()</script>"
    )
    assert text == "Orbis Télécom & co\n\n2e <para>"


def test_empty_input() -> None:
    assert sanitize_html(None) == "" and html_to_text("") == ""


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>\"'=/ abcdeiprstjvoncl:&;")), max_size=80))
def test_no_script_tag_or_handler_survives_any_input(fragment: str) -> None:
    clean = sanitize_html(f"<p {fragment}>{fragment}<script>{fragment}</script></p>").lower()
    assert "<script" not in clean
    assert " onclick=" not in clean and " onerror=" not in clean
