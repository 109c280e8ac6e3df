"""Every paste shape, read as a user brings it: golden parse results and the hard cases.

The fixtures live in ``tests/fixtures/pastes``; their parse results (the JSON ``parse``
prints) in ``tests/ingest/golden``. After a deliberate change rerun with ``--update-goldens``
and review the diff.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest
from conftest import FIXTURES

from generator.cli import digest_as_json
from generator.ingest.parse import parse_digest
from generator.ingest.pubmed import published_in

PASTES = FIXTURES / "pastes"
GOLDEN = Path(__file__).parent / "golden"


def parse_paste(name: str):
    return parse_digest((PASTES / name).read_bytes(), name)


@pytest.mark.parametrize("name", sorted(p.name for p in PASTES.iterdir()))
def test_paste_matches_its_golden_parse(name: str, update_goldens: bool) -> None:
    parsed = digest_as_json(parse_paste(name))
    golden = GOLDEN / f"{name}.json"
    if update_goldens:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(json.dumps(parsed, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert parsed == json.loads(golden.read_text("utf-8"))


def test_arxiv_new_page_keeps_ids_authors_subjects_and_comments() -> None:
    digest = parse_paste("arxiv-new-cs-lg.txt")
    assert digest.listing_date == "Mar 28, 2025"
    assert [p.arxiv for p in digest.papers] == [
        "2503.21001", "2503.21002", "2503.20417", "2210.03519",
    ]  # fmt: skip
    first, second, cross, _ = digest.papers
    assert first.authors[-1] == "Amir-massoud Farahmand"
    assert first.subjects == ("Machine Learning (cs.LG)", "Artificial Intelligence (cs.AI)")
    assert first.comments == "Published at ICLR 2023"
    assert first.abstract.startswith("Model-based reinforcement learning (MBRL)")
    assert second.journal_ref == "Quantitative Finance 24 (2025) 1-17"
    assert cross.subjects[0] == "Robotics (cs.RO)"  # the primary category first
    assert not digest.fragments and not digest.notices  # page chrome and sections are known


def test_arxiv_recent_page_gives_papers_reported_without_abstracts() -> None:
    digest = parse_paste("arxiv-recent-titles-only.txt")
    assert [(p.arxiv, p.abstract) for p in digest.papers] == [
        ("2503.21001", ""), ("2503.21004", ""), ("2503.21005", ""),
    ]  # fmt: skip
    assert digest.papers[1].authors == ("Weiyu Cheng", "Yanyan Shen", "Linpeng Huang")
    assert [n.line for n in digest.notices] == [9, 14, 18]
    assert all("has no abstract" in n.message for n in digest.notices)


def test_arxiv_mail_reads_entries_with_wrapped_fields_and_dates() -> None:
    digest = parse_paste("arxiv-mail-cs.txt")
    assert digest.listing_date == "Mar 28, 2025"
    first, _, third, replaced = digest.papers
    assert first.authors == (
        "Claas Voelcker",
        "Victor Liao",
        "Animesh Garg",
        "Amir-massoud Farahmand",
    )
    assert first.published == "2025-03-28" and third.published == "2025-03-27"
    assert first.subjects == ("cs.LG", "cs.AI")
    assert third.title.endswith("Recommender Systems Through Rich Embedding Spaces")
    assert third.comments == "11 pages; accepted at KDD 2025"
    assert first.abstract.endswith("more robust than maximum likelihood based approaches.")
    assert "  " not in first.abstract
    assert (replaced.arxiv, replaced.abstract) == ("2210.03519", "")
    assert [n.message for n in digest.notices] == [
        "arXiv:2210.03519 has no abstract in this listing (a titles-only view?)"
    ]
    assert not digest.fragments


def test_hugging_face_pages_as_copied_today_give_no_warnings() -> None:
    digest = parse_paste("hf-paper-pages.txt")
    case, mode = digest.papers
    assert case.title.startswith("CASE: Aligning Coarse-to-Fine Cognition")
    assert case.summary.startswith("CASE aligns cognition and affection")
    assert case.abstract.startswith("Empathetic conversation is psychologically")
    assert case.abstract.endswith("more empathetic and informative responses.")
    assert (case.published, case.upvotes, case.submitter) == ("2022-11-26", 41, "akhaliq")
    assert case.authors == (
        "Jinfeng Zhou",
        "Chujie Zheng",
        "Bo Wang",
        "Zheng Zhang",
        "Minlie Huang",
    )
    assert case.code == ("https://github.com/jfzhouyoo/CASE",)
    assert (mode.published, mode.upvotes, mode.author_count) == ("Apr 24", 12, 8)
    assert "View arXiv page" not in mode.abstract and "Models citing" not in mode.abstract
    assert not digest.fragments and not digest.notices


def test_a_scholar_alert_gives_its_results_with_links_authors_and_sources() -> None:
    digest = parse_paste("scholar-alert.txt")
    assert (digest.title, digest.listing_date) == ("Scholar alert: diffusion models", "Dec 2, 2025")
    first, second, third = digest.papers
    assert first.title == "Consistency Models for Fast Sampling"  # without its "[PDF]"
    assert (first.arxiv, first.published) == ("2303.01469", "2023")
    assert first.url is None  # Scholar's link leads to arXiv, which the id links already
    assert second.url == "https://openreview.net/forum?id=St1giarCHLP"  # where it leads
    assert first.abstract.startswith("Diffusion models have significantly advanced")
    assert first.abstract.endswith("slow generation. To overcome this …")  # the snippet
    assert second.title == "Denoising Diffusion Implicit Models"
    assert second.journal_ref == "International Conference on Learning Representations"
    assert third.authors == ("Y Song", "J Sohl-Dickstein", "DP Kingma", "A Kumar", "S Ermon")
    assert third.comments == "Cites: Denoising diffusion probabilistic models"
    assert not digest.fragments and not digest.notices  # the alert's own text is known


def test_a_scholar_alert_without_blank_lines_keeps_its_stray_lines_as_fragments() -> None:
    text = "\n".join([
        "Scholar Alert: [ robots ]",
        "Hi all, this week's alert:",
        "Grasping Everything - A Survey",
        "A Lee, B van Dam - Science Robotics, 2024 - science.org",
        "We review grasping …",
        "Walking Robots",
        "C Park… – 2023",
        "We study walking …",
        "Save",
        "Twitter",
        "LinkedIn",
        "Facebook",
        "Forwarded by Ana",
        "",
        "D Roe - Nature, 2022",
        "A result whose title was lost …",
    ])  # fmt: skip
    digest = parse_digest(text.encode(), "alert.txt")
    assert [p.title for p in digest.papers] == ["Grasping Everything - A Survey", "Walking Robots"]
    assert digest.papers[0].authors == ("A Lee", "B van Dam")
    assert (digest.papers[0].journal_ref, digest.papers[0].published) == (
        "Science Robotics",
        "2024",
    )
    assert (digest.papers[1].authors, digest.papers[1].abstract) == (
        ("C Park",),
        "We study walking …",
    )
    assert [(f.line, f.reason) for f in digest.fragments] == [
        (2, "text before the first result"),
        (13, "text after a result"),
        (15, "a result without a title"),
        (16, "a result without a title"),
    ]


def test_arxiv_abstract_pages_give_one_paper_each_and_skip_the_pages_own_text() -> None:
    digest = parse_paste("arxiv-abstract-pages.txt")
    first, second = digest.papers
    assert (first.title, first.arxiv, first.published) == (
        "Consistency Models", "2303.01469", "2023-03-02",
    )  # fmt: skip
    assert first.authors == ("Yang Song", "Prafulla Dhariwal", "Mark Chen", "Ilya Sutskever")
    assert first.abstract.startswith("Diffusion models have")  # without "Abstract:"
    assert first.abstract.endswith("to trade compute for sample quality.")  # both lines
    assert first.subjects[0] == "Machine Learning (cs.LG)" and first.comments == "ICML 2023"
    assert second.title == "Mixing Times of Random Walks on Expander Graphs"  # no "Title:"
    assert second.authors == ("Ana Pérez", "Wei Zhang")
    assert (second.journal_ref, second.doi) == ("Ann. Probab. 50 (2022) 1-30", "10.1214/21-AOP1234")
    # The header, sidebar and footer are arXiv's; a sentence after a page is the reader's.
    assert [(f.line, f.reason) for f in digest.fragments] == [(90, "text after the paper")]


def test_an_arxiv_abstract_page_without_its_dateline_or_title() -> None:
    page = "\n".join([
        "Sparse Attention Is Enough",
        "Ada Lovelace, Alan Turing",
        "",
        "View PDF",
        "Abstract: We show that sparse attention suffices.",
        "Cite as: arXiv:2401.00001 [cs.LG]",
        "",
        "Abstract: An abstract pasted alone.",
        "Its second line.",
        "Cite as: arXiv:2401.00002 [cs.LG]",
    ])  # fmt: skip
    digest = parse_digest(page.encode(), "abs.txt")
    (paper,) = digest.papers
    assert (paper.title, paper.authors) == (
        "Sparse Attention Is Enough",
        ("Ada Lovelace", "Alan Turing"),
    )
    assert (paper.arxiv, paper.published) == ("2401.00001", None)
    assert [(f.line, f.reason) for f in digest.fragments] == [
        (8, "an abstract without a title"),
        (9, "an abstract without a title"),
    ]


def test_a_scholar_search_page_gives_its_results_without_its_links() -> None:
    digest = parse_paste("scholar-search-page.txt")
    assert [(p.title, p.published) for p in digest.papers] == [
        ("Consistency models", "2023"),
        ("Highly accurate protein structure prediction with AlphaFold", "2021"),
    ]
    assert digest.papers[0].arxiv == "2303.01469" and digest.papers[1].journal_ref == "Nature"
    assert digest.papers[1].authors[-1] == "M Figurnov"  # the list Scholar cut with "…"
    assert not digest.fragments and not digest.notices  # "[PDF] arxiv.org", "Save Cite ..."


def test_openreview_forums_give_their_papers_and_report_the_discussion() -> None:
    digest = parse_paste("openreview-forums.txt")
    first, second = digest.papers
    assert (first.title, first.published, first.journal_ref) == (
        "Consistency Models", "2023-04-24", "ICML 2023 Oral",
    )  # fmt: skip
    assert first.authors == ("Yang Song", "Prafulla Dhariwal", "Mark Chen", "Ilya Sutskever")
    assert first.abstract.endswith("by directly mapping noise to data.")  # its second line too
    assert first.summary.startswith("We propose consistency models")  # the TL;DR
    assert first.keywords == ("diffusion models", "generative models", "fast sampling")
    assert (second.title, second.journal_ref) == (
        "Flow Matching for Generative Modeling", "ICLR 2023 notable top 25%",
    )  # fmt: skip
    assert second.authors[1] == "Ricky T. Q. Chen"
    # A review's sentence is not the paper's: reported, not dropped.
    assert [(f.line, f.reason) for f in digest.fragments] == [(27, "text after the paper")]


def test_paper_pages_with_an_abstract_heading_give_their_paper_and_fields() -> None:
    acl = parse_paste("acl-anthology-page.txt").papers[0]
    assert acl.title == "Attention Is All You Need In Speech Separation"
    assert acl.authors[0] == "Cem Subakan" and acl.abstract.startswith("Recurrent Neural")
    assert (acl.doi, acl.published, acl.journal_ref) == (
        "10.18653/v1/2021.acl-long.1",
        "2021",
        "ACL",
    )
    assert acl.url == "https://aclanthology.org/2021.acl-long.1"
    biorxiv = parse_paste("biorxiv-page.txt")
    (paper,) = biorxiv.papers  # not "New Results", not the DOI line
    assert paper.title == "Highly accurate protein structure prediction for the human proteome"
    assert paper.doi == "10.1101/2021.07.01.450123"
    assert [f.line for f in biorxiv.fragments] == [5, 9]  # the page's sentences, reported
    s2 = parse_paste("semantic-scholar-page.txt").papers[0]  # a TLDR between authors and heading
    assert (s2.title, len(s2.authors)) == ("Consistency Models", 4)


def test_two_pages_with_abstract_headings_keep_their_own_fields() -> None:
    page = (PASTES / "acl-anthology-page.txt").read_text("utf-8")
    second = page.replace("Attention Is All You Need In Speech", "Listening Is All You Need In")
    second = second.replace("2021.acl-long.1", "2021.acl-long.2")
    digest = parse_digest((page + "\n" + second).encode(), "two.txt")
    assert [(p.title, p.doi) for p in digest.papers] == [
        ("Attention Is All You Need In Speech Separation", "10.18653/v1/2021.acl-long.1"),
        ("Listening Is All You Need In Separation", "10.18653/v1/2021.acl-long.2"),
    ]


def test_an_abstract_heading_without_a_title_is_reported_whole() -> None:
    page = "\n".join([
        "https://doi.org/10.1101/2021.07.01.450123",
        "Abstract",
        "Protein structures can provide invaluable information about biological processes.",
        "They also enable interventions such as structure-based drug development.",
    ])  # fmt: skip
    digest = parse_digest(page.encode(), "page.txt")
    assert not digest.papers
    assert [(f.line, f.reason) for f in digest.fragments] == [
        (3, "an abstract without a title"),
        (4, "an abstract without a title"),
    ]


def test_a_markdown_list_of_paper_links_gives_one_paper_per_item() -> None:
    digest = parse_paste("awesome-list.md")
    assert digest.title == "Awesome-LLM"  # the list's own heading, without its badge
    hinton, _, zeiler, bergstra, _, graves, gehring, goyal, close, translator, flexgen, survey = (
        digest.papers
    )
    assert (hinton.title, hinton.arxiv, hinton.authors, hinton.published) == (
        "Distilling the knowledge in a neural network",
        "1503.02531",
        ("G. Hinton",),  # "et al." is no author
        "2015",
    )
    assert hinton.abstract == "" and hinton.tags == ("Understanding / Generalization / Transfer",)
    assert zeiler.authors == ("M. Zeiler", "R. Fergus")
    assert bergstra.url == "http://www.jmlr.org/papers/volume13/bergstra12a/bergstra12a"
    assert graves.authors == ("A. Graves",)  # one name, after its initial
    # A title in plain text before its date, authors and link.
    assert (gehring.title, gehring.arxiv, gehring.authors, gehring.published) == (
        "Convolutional Sequence to Sequence Learning",
        "1705.03122",
        ("Jonas Gehring",),
        "2017",
    )
    assert goyal.title == "Accurate, Large Minibatch SGD:Training ImageNet in 1 Hour"
    assert goyal.tags == ("New papers",)  # the nearest heading
    # A year heading dates its papers and is no tag; a date before the title wins.
    assert (close.published, close.tags) == ("2023-01", ("Evaluation",))
    assert close.code == ("https://github.com/Hello-SimpleAI/chatgpt-comparison-detection",)
    assert translator.arxiv == "2301.08745"  # its version aside
    assert translator.notes == (
        "They only randomly select 50 sentences for evaluation, since there is no available API."
    )
    assert flexgen.url == "https://github.com/FMInference/FlexGen/blob/main/docs/paper.pdf"
    assert flexgen.code == ("https://github.com/FMInference/FlexGen",)
    # The paper's own link names it, though a book's link comes first; the book is a note.
    assert (survey.title, survey.arxiv) == ("A Survey of Large Language Models", "2303.18223")
    assert "http://aibox.ruc.edu.cn/zws/index.htm" in (survey.notes or "")


def test_a_markdown_list_reports_what_names_no_paper_and_skips_its_own_chrome() -> None:
    digest = parse_paste("awesome-list.md")
    reasons = {f.line: f.reason for f in digest.fragments}
    # The intro, projects linked to code only, a name of one word, a plain item: reported.
    assert sorted(reasons) == [5, 14, 15, 49, 50, 51, 57]
    assert reasons[50].startswith("a link to a paper without a title")
    # Badges, images, the table of contents, a rule and an HTML comment are the list's own.
    assert not {1, 3, 8, 9, 10, 22, 33} & set(reasons)
    (warning,) = [n.message for n in digest.notices if "no abstracts" in n.message]
    assert "its 12 papers" in warning


def test_markdown_tables_of_papers_read_their_columns() -> None:
    digest = parse_paste("awesome-tables.md")
    attention, bert, flan, ramanujan, _, dfpc, gptq, qlora, sparsegpt = digest.papers
    assert (attention.arxiv, attention.published) == ("1706.03762", "2017-06")
    assert attention.notes == "Keywords: Transformers · Institute: Google"
    assert bert.url == "https://aclanthology.org/N19-1423.pdf"
    assert flan.url == "https://openreview.net/forum?id=gEZrGCozdqR"
    assert (ramanujan.journal_ref, ramanujan.published, ramanujan.notes) == (
        "ICLR",
        "2023",
        "Type: W",
    )
    assert ramanujan.code == ("https://github.com/VITA-Group/ramanujan-on-pai",)
    assert ramanujan.tags == ("Pruning",) and dfpc.code[0].startswith("https://drive.google.com/")
    # A cell of badges, a title linked to its code and authors after a line break.
    assert gptq.authors == ("Elias Frantar", "Saleh Ashkboos", "Torsten Hoefler", "Dan Alistarh")
    assert (sparsegpt.title, sparsegpt.arxiv) == (
        "SparseGPT: Massive Language Models Can Be Accurately Pruned in One-Shot",
        "2301.00774",
    )
    assert sparsegpt.code == ("https://github.com/IST-DASLab/sparsegpt",)
    assert qlora.tags == ("Quantization",)
    # A row whose title leads to code only, and a table of terms, are reported.
    assert [(f.line, f.reason.split(" (")[0]) for f in digest.fragments] == [
        (12, "no link to a paper"),
        (22, "text that names no paper"),
    ]


def test_a_heading_above_every_paper_of_a_list_is_no_tag() -> None:
    text = "\n".join([
        "## Papers",
        "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)",
        "- [Deep Residual Learning](https://arxiv.org/abs/1512.03385) [[code]](https://github.com/x/y)",
    ])  # fmt: skip
    digest = parse_digest(text.encode(), "list.md")
    assert [(p.title, p.tags) for p in digest.papers] == [
        ("Attention Is All You Need", ()),
        ("Deep Residual Learning", ()),
    ]


def test_pubmed_records_give_their_papers_with_venue_date_and_identifiers() -> None:
    digest = parse_paste("pubmed-abstracts.txt")
    review, medicine, retinopathy, screening = digest.papers
    # PubMed's full stop after every title is not the title's.
    assert review.title == "Deep Learning for Cardiac Image Segmentation: A Review"
    assert review.authors == (
        "Chen C", "Qin C", "Qiu H", "Tarroni G", "Duan J", "Bai W", "Rueckert D",
    )  # fmt: skip
    assert (review.published, review.doi, review.journal_ref) == (
        "2020-03-05",
        "10.3389/fcvm.2020.00025",
        "Front Cardiovasc Med. 2020 Mar 5;7:25.",
    )
    assert review.url == "https://pubmed.ncbi.nlm.nih.gov/32195270/"
    # Affiliations and copyright are the record's, not the abstract's.
    assert review.abstract.startswith("Deep learning has become the most widely used approach")
    assert review.abstract.endswith("(ventricles, atria, and vessels).")
    assert (medicine.abstract, medicine.line) == ("", 31)
    assert [(n.line, n.message) for n in digest.notices] == [
        (31, "PMID 30943338 has no abstract in this record"),
    ]
    # A labelled abstract, read whole; comments on the paper skipped.
    assert retinopathy.abstract.startswith("IMPORTANCE: Deep learning is a family")
    assert "CONCLUSIONS AND RELEVANCE:" in retinopathy.abstract
    assert "JAMA. 2016 Dec 13;316(22):2366" not in retinopathy.abstract
    # A month without a day, two paragraphs, an erratum and a conflict-of-interest statement.
    assert screening.published == "2020-01"
    assert screening.abstract.endswith("surpassing human experts in breast cancer prediction.")
    assert "Google LLC" not in screening.abstract and len(screening.authors) == 31
    assert not digest.fragments


def test_text_around_pubmed_records_is_reported() -> None:
    text = (PASTES / "pubmed-abstracts.txt").read_text("utf-8").splitlines()
    pasted = ["Search results", "Items: 1 to 4 of 4", "", *text, "", "Save citations to file"]
    digest = parse_digest("\n".join(pasted).encode(), "pubmed.txt")
    assert len(digest.papers) == 4
    assert [(f.line, f.reason) for f in digest.fragments] == [
        (1, "text between PubMed records"),
        (2, "text between PubMed records"),
        (len(pasted), "text after the last PubMed record"),
    ]


def test_pubmed_medline_records_give_their_fields() -> None:
    review, medicine = parse_paste("pubmed-medline.nbib").papers
    assert review.title == "Deep Learning for Cardiac Image Segmentation: A Review"
    assert review.abstract.startswith("Deep learning has become the most widely used approach")
    assert review.abstract.endswith("(ventricles, atria, and vessels).")  # wrapped lines joined
    assert review.authors == ("Chen Chen", "Chen Qin", "Daniel Rueckert")
    # The source's day, as it agrees with the year of DP; its DOI and eCollection aside.
    assert (review.published, review.journal_ref) == (
        "2020-03-05",
        "Front Cardiovasc Med. 2020 Mar 5;7:25.",
    )
    assert review.doi == "10.3389/fcvm.2020.00025"
    assert review.keywords == ("artificial intelligence", "cardiac image analysis", "deep learning")
    assert (medicine.abstract, medicine.url) == ("", "https://pubmed.ncbi.nlm.nih.gov/30943338/")


def test_a_medline_record_from_edirect_without_a_source_line() -> None:
    text = "\n".join([
        "", "PMID- 23555569", "DP  - 2013", "TI  - Levels of lycopene beta-cyclase 1 modulate",
        "    and accumulation in Daucus carota.", "AB  - Plant carotenoids are synthesized.",
        "JT  - PloS one",
    ])  # fmt: skip
    (paper,) = parse_digest(text.encode(), "efetch.txt").papers
    assert (
        paper.title
        == "Levels of lycopene beta-cyclase 1 modulate and accumulation in Daucus carota"
    )
    assert (paper.journal_ref, paper.published) == ("PloS one", "2013")


def test_a_line_that_is_no_medline_field_is_reported() -> None:
    text = (PASTES / "pubmed-medline.nbib").read_text("utf-8")
    text = text.replace("PMID- 30943338", "a stray note\n\nPMID- 30943338")
    digest = parse_digest(text.encode(), "refs.nbib")
    assert len(digest.papers) == 2
    assert [(f.text, f.reason) for f in digest.fragments] == [
        ("a stray note", "not a MEDLINE field")
    ]


def test_a_ris_export_gives_its_entries_with_abstracts_and_reports_the_others() -> None:
    digest = parse_paste("zotero-export.ris")  # Windows line endings, as Zotero writes them
    attention, resnet = digest.papers
    assert (attention.title, attention.arxiv, attention.published) == (
        "Attention Is All You Need",
        "1706.03762",  # from its DataCite DOI
        "2017-06-12",
    )
    assert attention.authors == ("Ashish Vaswani", "Noam Shazeer", "Niki Parmar")
    assert attention.url is None  # the arXiv links come from its id
    assert attention.keywords[1] == "Computer Science - Machine Learning"
    assert attention.notes == "Comment: 15 pages, 5 figures"
    assert (resnet.published, resnet.doi, resnet.journal_ref) == (
        "2016-06",
        "10.1109/CVPR.2016.90",
        "2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)",
    )
    assert resnet.url == "https://ieeexplore.ieee.org/document/7780459"
    # A book without an abstract or a link is no paper.
    assert [(f.line, f.text, f.reason) for f in digest.fragments] == [
        (
            38,
            "TY  - BOOK: Deep Learning",
            "an entry with neither an abstract nor a link to the paper (DOI, arXiv id, "
            "address); not read as a paper",
        ),
    ]


def test_a_ris_abstract_wrapped_by_its_exporter_is_joined() -> None:
    text = "\n".join([
        "TY  - JOUR", "TI  - A Title", "AB  - The first half", "of the abstract.",
        "DA  - 2021/02/31/", "UR  - javascript:alert(1)", "ER  -", "",
        "Exported by a reference manager",
    ])  # fmt: skip
    digest = parse_digest(text.encode(), "refs.ris")
    assert [(p.abstract, p.published) for p in digest.papers] == [
        ("The first half of the abstract.", "2021-02"),  # no 31 February: its month
    ]
    # An address that is not a web address is no link, but it is kept.
    assert (digest.papers[0].url, digest.papers[0].notes) == (None, "Link: javascript:alert(1)")
    assert [(f.line, f.reason) for f in digest.fragments] == [(9, "not part of a RIS entry")]


def test_a_ris_export_with_values_wrapped_onto_indented_lines() -> None:
    # The head of a real export (public repository tengann/IAV_PPI_Graph_Embedding_Review).
    digest = parse_paste("endnote-export.ris")
    titles = [p.title for p in digest.papers]
    assert titles[0] == (
        "MixHop: Higher-Order Graph Convolutional Architectures via Sparsified Neighborhood Mixing"
    )
    assert len(titles) == 7 and not any("  " in p.abstract for p in digest.papers)
    mixhop, domains = digest.papers[:2]
    assert mixhop.authors[-1] == "Aram Galstyan" and mixhop.journal_ref is None
    # The first of two addresses; the DOI from its own field.
    assert (domains.url, domains.doi) == (
        "https://www.ncbi.nlm.nih.gov/pubmed/34370723",
        "10.1371/journal.pcbi.1008844",
    )
    # Without an abstract, with its DOI: a paper, counted by one warning.
    eigenmaps = digest.papers[titles.index(
        "Laplacian Eigenmaps for Dimensionality Reduction and Data Representation"
    )]  # fmt: skip
    assert (eigenmaps.abstract, eigenmaps.doi) == ("", "10.1162/089976603321780317")
    assert not digest.fragments
    assert [n.line for n in digest.notices] == [225]


def test_a_web_of_science_export_gives_its_records() -> None:
    # The head of a real export (public repository slitvinov/python-wos): a byte-order mark,
    # titles and lists wrapped onto lines indented by three spaces, one author a line.
    digest = parse_paste("wos-savedrecs.txt")
    assert digest.read_as == "Web of Science records"
    chung, hsu = digest.papers
    assert chung.title.startswith("Selective label-free detection of G-quadruplex structure of")
    assert chung.title.endswith("pi-pi interactions")  # five lines joined
    assert chung.authors == ("Clive Yik-Sham Chung", "Vivian Wing-Wah Yam")  # AF, not AU
    assert (chung.published, chung.journal_ref, chung.doi) == (
        "2013",
        "CHEMICAL SCIENCE",
        "10.1039/c2sc20897k",
    )
    assert hsu.published == "2012-12-24"  # PD DEC 24, PY 2012
    assert hsu.keywords[-1] == "Transport processes"  # a list wrapped over three lines
    assert not digest.fragments  # FN, VR and EF are the export's own


def test_a_line_outside_web_of_science_records_is_reported() -> None:
    text = (
        (PASTES / "wos-savedrecs.txt")
        .read_text("utf-8-sig")
        .replace("\nPT J\nAU Hsu", "\nsecond search, 2024-03-14\nPT J\nAU Hsu")
    )
    digest = parse_digest(text.encode(), "savedrecs.txt")
    assert len(digest.papers) == 2
    assert [(f.text, f.reason) for f in digest.fragments] == [
        ("second search, 2024-03-14", "not part of a Web of Science record"),
    ]


def test_a_web_of_science_record_without_an_abstract_is_a_paper_by_its_doi() -> None:
    text = "\n".join([
        "FN Clarivate Analytics Web of Science", "VR 1.0",
        "PT J", "TI Editorial: a linked record", "DI 10.1/editorial", "PY 2020", "ER", "",
        "PT J", "TI Meeting abstract, no link", "PY 2020", "ER", "", "EF",
    ])  # fmt: skip
    digest = parse_digest(text.encode(), "savedrecs.txt")
    assert [(p.title, p.doi, p.abstract) for p in digest.papers] == [
        ("Editorial: a linked record", "10.1/editorial", "")
    ]
    assert [f.line for f in digest.fragments] == [9]
    assert "one of its papers has no abstract" in str(digest.notices)


def test_pubmed_results_copied_from_a_browser_give_their_papers() -> None:
    # Real copies (found in public repositories): a search results page, the "Similar
    # articles" of an article's page, a list of trending articles (no authors).
    digest = parse_paste("pubmed-search-results.txt")
    assert digest.read_as == "PubMed results"
    acsl3, nrf2, risks, education, renal, luffa = digest.papers
    assert risks.title == "Long-term medical risks to the living kidney donor"
    assert acsl3.title.startswith("ACSL3 regulates lipid droplet biogenesis")
    assert acsl3.authors[-1] == "Giaccia AJ" and acsl3.abstract == ""
    assert (acsl3.url, acsl3.published, acsl3.doi) == (
        "https://pubmed.ncbi.nlm.nih.gov/36192773/",
        "2022-10-03",
        "10.1186/s40170-022-00290-z",
    )
    assert nrf2.journal_ref == "Free Radic Biol Med. 2015 Feb;79:292-9."
    assert education.authors[-1] == "American Society of Transplantation"  # a group after ";"
    assert (renal.authors, renal.published) == (("Barry JM",), "2016-07")
    assert (luffa.authors, luffa.journal_ref) == ((), "3 Biotech. 2023 Jan;13(1):25.")
    # "Cite Share", numbers, "Similar articles", "Page 1"... are the page's; the search's
    # own words are reported.
    assert [(f.line, f.text) for f in digest.fragments] == [(1, "Moon EJ")]
    assert "6 results have no abstract" in digest.notices[0].message


def test_a_numbered_pubmed_result_keeps_its_title_without_its_number() -> None:
    text = "\n".join([
        "1. Machine learning in medicine.", "Rajkomar A, Dean J, Kohane I.",
        "N Engl J Med. 2019 Apr 4;380(14):1347-1358. doi: 10.1056/NEJMra1814259.",
        "PMID: 30943338 No abstract available.",
    ])  # fmt: skip
    (paper,) = parse_digest(text.encode(), "results.txt").papers
    assert (paper.title, paper.authors) == (
        "Machine learning in medicine",
        ("Rajkomar A", "Dean J", "Kohane I"),
    )


def test_a_pubmed_article_page_copied_whole_gives_its_paper() -> None:
    # A real copy (found in a public repository), its abstract's middle paragraphs left out.
    digest = parse_paste("pubmed-article-page.txt")
    assert digest.read_as == "paper pages with an Abstract heading"
    (paper,) = digest.papers
    assert (
        paper.title
        == "Perioperative mortality and long-term survival following live kidney donation"
    )
    # Names with an affiliation number ("Dorry L Segev 1") are the authors, not the title.
    assert paper.authors[:2] == ("Dorry L Segev", "Abimereki D Muzaale")
    assert (paper.url, paper.doi) == (
        "https://pubmed.ncbi.nlm.nih.gov/20215610/",
        "10.1001/jama.2010.237",
    )
    # A structured abstract: its labelled paragraphs, blank lines between them, all read.
    assert paper.abstract.startswith("Context: More than 6000 healthy US individuals")
    assert paper.abstract.endswith("not significantly increased after a median of 6.3 years.")
    assert "Main outcome measures: Surgical mortality" in paper.abstract
    # The papers it lists (comments, similar articles) are the page's, reported.
    assert "Long-term outcomes of kidney donors." in [f.text for f in digest.fragments]


def test_a_short_labelled_line_under_an_abstract_ends_it() -> None:
    """A random paste found the reader going round for ever: a labelled paragraph, then a
    short labelled line ("Methods: ok") straight under it."""
    long = "Results: " + "this is a long labelled paragraph line of text that goes on. " * 2
    text = f"A Title of Words\nAda Lovelace, Alan Turing\nAbstract\n{long}\nMethods: ok\n"

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError("the reader of Abstract headings does not stop")

    before = signal.signal(signal.SIGALRM, stop)
    signal.alarm(10)
    try:
        digest = parse_digest(text.encode(), "page.txt")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
    assert [p.abstract for p in digest.papers] == [long.strip()]


@pytest.mark.parametrize(
    ("citation", "date"),
    [
        ("Nature. 2020 Mar 5;577(7788):89-94.", "2020-03-05"),
        ("Nature. 2021 Feb 31;7:25.", "2021-02"),  # no such day: its month, as RIS gives it
        ("Front Cardiovasc Med. 2021 Jan-Feb;3:25.", "2021-01"),
        ("N Engl J Med. 2019;380(14):1347-1358.", "2019"),
        ("A citation without a date", None),
    ],
)
def test_a_pubmed_citation_gives_the_day_it_names(citation: str, date: str | None) -> None:
    assert published_in(citation) == date
