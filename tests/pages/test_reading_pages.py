"""The reading group on the site: badges, the paper page's reading line, the reading list and
the tag pages."""

from __future__ import annotations

import datetime as dt

from generator.ingest.merge import merge
from generator.model import Digest, Grouping, Paper, Reading, Theme
from generator.pages.reading import (
    READING_LIST,
    badges,
    reading_facts,
    render_reading_list,
    render_tag_pages,
    tag_slugs,
)
from generator.pages.render import render_site


def paper(title: str, reading: Reading | None = None, tags: tuple[str, ...] = ()) -> Paper:
    return Paper(title, f"About {title}.", 1, reading=reading or Reading(), tags=tags)


def records():
    papers = [
        paper("Old talk", Reading("discussed", "Ada", dt.date(2024, 3, 1), 3), ("Graphs",)),
        paper("New talk", Reading("discussed", "<b>Alan</b>", dt.date(2024, 4, 1), 5)),
        paper("Next up", Reading("to read"), ("graphs", "index")),
        paper("Done", Reading("read")),
        paper("Plain"),
    ]
    archive = merge([Digest("a.txt", "A", dt.date(2024, 3, 1), None, None, tuple(papers))])
    keys = [e.key for e in archive.entries]
    grouping = Grouping(
        themes=(Theme("t", "Talks", (), tuple(keys)),), theme_of=dict.fromkeys(keys, "t")
    )
    return archive, grouping


def test_badges_show_status_and_rating_escaped() -> None:
    archive, _ = records()
    new_talk = archive.entries[1].paper
    assert 'class="rd-badge rd-status-discussed">discussed<' in badges(new_talk)
    assert "★★★★★" in badges(new_talk) and "rated 5 of 5" in badges(new_talk)
    assert badges(archive.entries[4].paper) == ""
    line = "".join(reading_facts(new_talk, tag_slugs(archive), "../../"))
    assert "Discussed on April 1, 2024" in line and "presented by &lt;b&gt;Alan&lt;/b&gt;" in line


def test_the_reading_list_orders_what_is_next_and_what_was_discussed() -> None:
    archive, grouping = records()
    page = render_reading_list(archive, grouping)
    sections = {part.split("\n", 1)[0]: part for part in page.split("\n## ")[1:]}
    to_read, read, discussed = (sections[t] for t in ("To read", "Read", "Discussed"))
    assert "Next up" in to_read and "Done" not in to_read
    assert "Done" in read and "talk" not in read
    assert discussed.index("New talk") < discussed.index("Old talk")  # latest discussion first
    assert "April 1, 2024 · presented by &lt;b&gt;Alan&lt;/b&gt;" in discussed
    assert "Plain" not in page
    empty = merge([Digest("b.txt", "B", None, None, None, (paper("Plain"),))])
    assert "No paper has a reading status yet" in render_reading_list(empty, Grouping((), {}))


def test_a_page_per_tag_whatever_its_case_and_never_a_reserved_name() -> None:
    archive, grouping = records()
    slugs = tag_slugs(archive)
    assert slugs["graphs"] == "graphs" and slugs["index"] != "index"
    pages = render_tag_pages(archive, grouping)
    assert set(pages) == {"tags/index.md", "tags/graphs.md", f"tags/{slugs['index']}.md"}
    graphs = pages["tags/graphs.md"]
    assert "2 papers" in graphs and "Old talk" in graphs and "Next up" in graphs
    assert 'href="../papers/' in graphs and 'href="../themes/t.md"' in graphs
    plan = render_site(archive, grouping, [], "http://x/")
    assert READING_LIST in plan and "tags/graphs.md" in plan
    old_talk = plan[f"papers/{archive.entries[0].slug}.md"]
    assert 'href="../tags/graphs.md"' in old_talk
