"""`advoc wiki publish` against a real MediaWiki (tests/wiki.py): pages made,
left alone when unchanged, never overwritten after a hand edit, and the bot
password never shown."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import mwclient
import pytest
from conftest import CASES, git, make_repo, need, run
from wiki import LocalWiki, available, local_wiki

PUBLISHER, EDITOR = "Publisher", "Editor"
BOT_SECRET = "q7c1u5v0k2m4n6p8r3s9t1w5a7b2c4a6"  # 32 of 0-9 and a-w, as MediaWiki makes them
EDITOR_SECRET = "h3j5k7m9n2p4q6r8s1t3u5v7w9a2b4c6"
PREFIX = "Wikimedia Advocacy Network/Directory"
PAGES = [f"{PREFIX}/{name}" for name in ("Advocates", "Decisions", "Processes")]


@pytest.fixture(scope="module")
def wiki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWiki]:
    need(available(), "php or Debian's mediawiki package is not installed")
    with local_wiki(tmp_path_factory.mktemp("wiki")) as running:
        running.user(PUBLISHER, "Publisher-password-1", bot=True)
        running.user(EDITOR, "Editor-password-1")
        running.bot_password(PUBLISHER, "advoc", BOT_SECRET)
        running.bot_password(EDITOR, "hand", EDITOR_SECRET)
        yield running


@pytest.fixture
def registry(tmp_path: Path, wiki: LocalWiki, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The complete registry, with Grace Hopper of limited visibility, naming the wiki;
    and the publisher's bot password in the environment, as a CI secret would be."""
    root = make_repo(CASES / "positive" / "complete-registry", tmp_path / "registry")
    grace = root / "registry/advocates/grace-hopper.yaml"
    grace.write_text(grace.read_text().replace("languages:", "visibility: limited\nlanguages:"))
    manifest = root / "advoc.yaml"
    prefix = f"{PREFIX} {tmp_path.name}"  # each test its own pages
    manifest.write_text(manifest.read_text() + f"wiki:\n  api: {wiki.api}\n  prefix: {prefix}\n")
    git(root, "commit", "--quiet", "--no-verify", "-am", "Publish on the wiki")
    monkeypatch.setenv("ADVOC_WIKI_USER", f"{PUBLISHER}@advoc")
    monkeypatch.setenv("ADVOC_WIKI_PASSWORD", BOT_SECRET)
    return root


def titles(root: Path) -> list[str]:
    prefix = (root / "advoc.yaml").read_text().split("prefix: ")[1].strip()
    return [f"{prefix}/{name}" for name in ("Advocates", "Decisions", "Processes")]


def site(wiki: LocalWiki, user: str = "", secret: str = "") -> mwclient.Site:
    connection = mwclient.Site(f"127.0.0.1:{wiki.port}", path="/", scheme="http")
    if user:
        connection.login(user, secret)
    return connection


def revisions(wiki: LocalWiki, title: str) -> list[dict[str, object]]:
    return list(site(wiki).pages[title].revisions(prop="ids|user|comment|content"))


def publish(root: Path, *args: str) -> object:
    return run("wiki", "publish", "--registry", str(root), "--as-of", "2026-06-01", *args)


def test_publish_creates_the_pages_and_names_the_commit(wiki: LocalWiki, registry: Path) -> None:
    result = publish(registry)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "3 of 3 pages changed" in result.stdout
    commit = git(registry, "rev-parse", "HEAD").strip()[:12]
    for title in titles(registry):
        [revision] = revisions(wiki, title)
        assert revision["user"] == PUBLISHER
        assert revision["comment"] == f"advoc publish: the registry at commit {commit}"
    text = site(wiki).pages[titles(registry)[0]].text()
    assert "Ada Lovelace" in text
    assert "Grace Hopper" not in text and "grace-hopper" not in text  # limited: never


def test_an_unchanged_registry_makes_no_edit(wiki: LocalWiki, registry: Path) -> None:
    assert publish(registry).exit_code == 0
    before = {title: len(revisions(wiki, title)) for title in titles(registry)}
    again = publish(registry)
    assert again.exit_code == 0, again.stderr
    assert "0 of 3 pages changed" in again.stdout
    assert {title: len(revisions(wiki, title)) for title in titles(registry)} == before


def test_only_the_changed_page_is_edited(wiki: LocalWiki, registry: Path) -> None:
    assert publish(registry).exit_code == 0
    ada = registry / "registry/advocates/ada-lovelace.yaml"
    ada.write_text(ada.read_text().replace("Ada Lovelace", "Augusta Ada King", 1))
    git(registry, "commit", "--quiet", "--no-verify", "-am", "Ada's full name")
    result = publish(registry)
    assert result.exit_code == 0, result.stderr
    assert "1 of 3 pages changed" in result.stdout
    counts = [len(revisions(wiki, title)) for title in titles(registry)]
    assert counts == [2, 1, 1]


def test_a_page_edited_by_hand_is_never_overwritten(wiki: LocalWiki, registry: Path) -> None:
    assert publish(registry).exit_code == 0
    advocates = titles(registry)[0]
    by_hand = site(wiki, f"{EDITOR}@hand", EDITOR_SECRET)
    by_hand.pages[advocates].edit("A note by hand.\n", summary="my own note")
    ada = registry / "registry/advocates/ada-lovelace.yaml"
    ada.write_text(ada.read_text().replace("Ada Lovelace", "Augusta Ada King", 1))
    git(registry, "commit", "--quiet", "--no-verify", "-am", "Ada's full name")
    result = publish(registry)
    assert result.exit_code == 1
    assert advocates in result.stderr and f"by {EDITOR}" in result.stderr
    assert "Nothing was edited" in result.stderr
    assert site(wiki).pages[advocates].text() == "A note by hand."
    assert [len(revisions(wiki, title)) for title in titles(registry)] == [2, 1, 1]


def test_dry_run_shows_each_change_and_needs_no_password(
    wiki: LocalWiki, registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ADVOC_WIKI_PASSWORD")
    result = publish(registry, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert f"+++ {titles(registry)[0]} (to publish)" in result.stdout
    assert "3 of 3 pages would change" in result.stdout
    assert not site(wiki).pages[titles(registry)[0]].exists


def test_the_password_is_never_shown(
    wiki: LocalWiki, registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = "w" * 32
    monkeypatch.setenv("ADVOC_WIKI_PASSWORD", wrong)
    result = publish(registry)
    assert result.exit_code == 1 and "refused the login" in result.stderr
    assert wrong not in result.stdout + result.stderr and "Traceback" not in result.stderr
    monkeypatch.delenv("ADVOC_WIKI_PASSWORD")
    missing = publish(registry)
    assert missing.exit_code == 2 and "ADVOC_WIKI_PASSWORD" in missing.stderr


def test_a_credentials_file_others_can_read_is_refused(
    wiki: LocalWiki, registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ADVOC_WIKI_USER")
    monkeypatch.delenv("ADVOC_WIKI_PASSWORD")
    secrets = tmp_path / "bot"
    secrets.write_text(f"user={PUBLISHER}@advoc\npassword={BOT_SECRET}\n")
    os.chmod(secrets, 0o644)
    refused = publish(registry, "--credentials", str(secrets))
    assert refused.exit_code == 2 and "chmod 600" in refused.stderr
    assert BOT_SECRET not in refused.stdout + refused.stderr
    os.chmod(secrets, 0o600)
    result = publish(registry, "--credentials", str(secrets))
    assert result.exit_code == 0, result.stderr


def test_a_registry_naming_no_wiki_says_how(tmp_path: Path) -> None:
    root = make_repo(CASES / "positive" / "complete-registry", tmp_path / "plain")
    result = run("wiki", "publish", "--dry-run", "--registry", str(root))
    assert result.exit_code == 2 and "wiki: {api:" in result.stderr


# --- votes cast on a wiki page --------------------------------------------------------

PAGE = "Wikimedia Advocacy Network/Votes/2026 statement"
VOTING = "A statement.\n\n== Support ==\n\n== Oppose ==\n\n== Neutral ==\n"


def as_user(wiki: LocalWiki, name: str) -> mwclient.Site:
    """`name`'s own session, with a bot password made for it."""
    secret = "".join(
        "abcdefghijkmnpqrstuvw23456789"[(ord(c) * 7 + i) % 29] for i, c in enumerate(name * 32)
    )[:32]
    wiki.user(name, f"{name}-password-1")
    wiki.bot_password(name, "vote", secret)
    return site(wiki, f"{name}@vote", secret)


def add_vote(session: mwclient.Site, section: str, line: str) -> int:
    page = session.pages[PAGE]
    lines = page.text().splitlines()
    start = lines.index(f"== {section} ==")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("==")), len(lines))
    lines.insert(end, line)
    return int(page.edit("\n".join(lines) + "\n", summary="vote")["newrevid"])


def strike(session: mwclient.Site, line: str) -> None:
    page = session.pages[PAGE]
    page.edit(page.text().replace(line, f"# <s>{line[2:]}</s>"), summary="withdraw")


def utc_now() -> str:
    import datetime as _dt

    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_votes_come_from_the_page_history_not_the_signatures(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    import time

    voters = {name: as_user(wiki, name) for name in ("Alice", "Bob", "Carol", "Mallory", "Dave")}
    time.sleep(1.1)
    opened = utc_now()
    time.sleep(1.1)
    newbie = as_user(wiki, "Newbie")  # registered after the decision opened
    voters["Alice"].pages[PAGE].edit(VOTING, summary="open the vote")
    alice = add_vote(voters["Alice"], "Support", "# Yes. [[User:Alice|Alice]]")
    bob = add_vote(voters["Bob"], "Oppose", "# No. [[User:Carol|Carol]]")  # signs as Carol
    add_vote(voters["Carol"], "Support", "# Yes. [[User:Carol|Carol]] 1")
    strike(voters["Carol"], "# Yes. [[User:Carol|Carol]] 1")  # withdrawn
    add_vote(voters["Mallory"], "Support", "# Yes. [[User:Mallory|M]]")
    mallory = add_vote(voters["Mallory"], "Oppose", "# Changed my mind. [[User:Mallory|M]]")
    add_vote(newbie, "Support", "# Yes! [[User:Newbie|N]]")
    time.sleep(1.1)
    closed = utc_now()
    time.sleep(1.1)
    add_vote(voters["Dave"], "Support", "# Late. [[User:Dave|D]]")  # after it closed

    root = make_repo(CASES / "positive" / "complete-registry", tmp_path / "registry")
    manifest = root / "advoc.yaml"
    manifest.write_text(manifest.read_text() + f"wiki:\n  api: {wiki.api}\n  prefix: Directory\n")
    (root / "rules/processes/wiki-vote.yaml").write_text(
        "id: wiki-vote\nname: A vote on the wiki\napplies_to: [statement]\n"
        "eligibility_rules: {registered_before_open: true, not_blocked: true}\n"
    )
    (root / "registry/decisions/2026-statement.yaml").write_text(
        f"id: 2026-statement\ntitle: A statement\ntype: statement\nprocess: wiki-vote\n"
        f"status: adopted\nopened: {opened}\nclosed: {closed}\nwiki_page: {PAGE}\n"
    )
    # the fixture's one wiki vote is proved on Meta-Wiki: out of the tests' reach
    (root / "registry/votes/grant-ada/katherine-johnson-43b6849e6f8e.yaml").unlink()
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--no-verify", "-m", "A statement voted on the wiki")

    command = ("wiki", "votes", "2026-statement", "--registry", str(root), "--as-of", "2026-12-01")
    result = run(*command)
    assert result.exit_code == 0, result.stdout + result.stderr
    said = result.stderr
    assert "3 votes counted" in said
    assert "Carol" in said and "withdrawn: struck through" in said
    assert "Newbie" in said and "not before the decision opened" in said
    assert "Dave" in said and "after the votes ended" in said
    branch = "propose/wiki-votes-2026-statement"
    files = git(root, "ls-tree", "-r", "--name-only", branch, "registry/votes/2026-statement")
    votes = {}
    for path in files.split():
        data = git(root, "show", f"{branch}:{path}")
        user = next(line for line in data.splitlines() if line.startswith("user:"))
        votes[user.split(": ", 1)[1]] = data
    assert sorted(votes) == ["Alice", "Bob", "Mallory"]
    assert "position: oppose" in votes["Bob"] and "Carol" not in votes["Bob"]
    assert f"revision: {bob}" in votes["Bob"] and f"revision: {alice}" in votes["Alice"]
    assert "position: oppose" in votes["Mallory"] and f"revision: {mallory}" in votes["Mallory"]
    assert "cast: wiki" in votes["Alice"]

    # Merged, a re-run finds nothing new; a later vote is proposed alone.
    git(root, "merge", "--quiet", "--ff-only", branch)
    again = run(*command)
    assert again.exit_code == 1 and "nothing to propose" in again.stderr
    assert run("validate", "--registry", str(root), "--as-of", "2026-12-01").exit_code == 0
    audited = run("audit", "HEAD~1..HEAD", "--registry", str(root))
    assert audited.exit_code == 0, audited.stdout  # an import from the wiki, proved there

    # verify: the recorded votes against the page's history
    verified = run("wiki", "verify", "2026-statement", "--registry", str(root))
    assert verified.exit_code == 0, verified.stdout
    assert "No problems found in 3 wiki votes of 2026-statement" in verified.stdout
    folder = root / "registry/votes/2026-statement"
    files = {path.read_text().split("user: ")[1].split("\n")[0]: path for path in folder.iterdir()}
    tamper = {
        "Bob": (f"revision: {bob}", f"revision: {alice}"),  # Alice's revision, Bob's name
        "Alice": ("position: support", "position: oppose"),
        "Mallory": (f"revision: {mallory}", "revision: 999999"),
    }
    for user, (old, new) in tamper.items():
        files[user].write_text(files[user].read_text().replace(old, new))
    broken = run("wiki", "verify", "2026-statement", "--registry", str(root), "--format", "json")
    assert broken.exit_code == 1
    said = {f["file"].split("/")[-1]: f["message"] for f in broken.json()["findings"]}
    by_user = {user: said[path.name] for user, path in files.items()}
    assert "made by Alice, not by Bob" in by_user["Bob"]
    assert "the page says support, the file oppose" in by_user["Alice"]
    assert "999999 is not in the history" in by_user["Mallory"]
    audit_wiki = run("audit", "HEAD~1..HEAD", "--wiki", "--registry", str(root), "--format", "json")
    assert audit_wiki.exit_code == 1, audit_wiki.stderr
    assert audit_wiki.stdout, audit_wiki.stderr
    assert {f["code"] for f in audit_wiki.json()["findings"]} == {"wiki-vote-unsupported"}


def test_the_page_format_counts_list_items_in_vote_sections_only() -> None:
    from advoc.model.wikivotes import vote_lines

    text = (
        "Intro\n# not a vote\n=== Support ===\n# Yes ~~~~\n#: a reply\n## nested\n"
        "== Comments ==\n# a comment\n==Oppose==\n# <s>No</s> ~~~~\n"
    )
    found = [(line.position, line.text, line.struck) for line in vote_lines(text)]
    assert found == [("support", "Yes ~~~~", False), ("oppose", "<s>No</s> ~~~~", True)]


def test_a_vote_belongs_to_the_revision_that_added_it() -> None:
    from advoc.model.wikivotes import attribute

    page = "== Support ==\n"
    history = [
        (1, "Alice", "t1", page + "# Yes [[User:Bob|Bob]]\n"),  # Alice, signing as Bob
        (2, "Mallory", "t2", page + "# Yes [[User:Bob|Bob]]\n# Me too\n"),
        (3, "Alice", "t3", page + "# Me too\n"),  # Alice removes her vote
    ]
    [cast] = attribute(history)
    assert (cast.user, cast.revision, cast.line.text) == ("Mallory", 2, "Me too")


def test_audit_says_which_wiki_votes_it_could_not_check(tmp_path: Path) -> None:
    root = make_repo(CASES / "positive" / "complete-registry", tmp_path / "registry")
    vote = root / "registry/votes/grant-ada/katherine-johnson-43b6849e6f8e.yaml"
    vote.write_text(vote.read_text().replace("https://meta.wikimedia.org", "http://127.0.0.1:9"))
    message = "a wiki nobody serves\n\nAdvoc-Import: a page moved to another wiki"
    git(root, "commit", "--quiet", "--no-verify", "-am", message)
    result = run("audit", "HEAD~1..HEAD", "--wiki", "--registry", str(root), "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    [warning] = result.json()["findings"]
    assert warning["code"] == "wiki-vote-unchecked" and "not checked" in warning["message"]


# --- a directory larger than the wiki's largest page -----------------------------------------


def test_split_pages_cut_at_rows_and_sections_and_lose_nothing() -> None:
    from advoc.export.publish import split_pages

    rows = "".join(f"|-\n| [[User:Row {i}|Row {i}]] || ü{i}\n" for i in range(3000))
    text = (
        '== By region ==\n\n=== Europe ===\n{| class="wikitable"\n! User !! Note\n' + rows + "|}\n"
    )
    pages = split_pages({"D/Advocates": text}, 20_000)
    parts = [pages[f"D/Advocates/{n}"] for n in range(1, len(pages))]
    assert len(parts) > 3
    for part in parts:
        assert len(part.encode("utf-8")) <= 18_000  # 90% of the wiki's limit
        assert part.count("{|") == part.count("|}") == 1  # each table closed and reopened
        assert "=== Europe ===" in part and "! User !! Note" in part
    found = [line for part in parts for line in part.splitlines() if line.startswith("| [[")]
    assert found == [line for line in rows.splitlines() if line.startswith("| [[")]
    index = pages["D/Advocates"]
    assert f"This page is in {len(parts)} parts" in index
    assert all(f"[[D/Advocates/{n}|Part {n}]]" in index for n in range(1, len(parts) + 1))
    assert split_pages({"D/Small": "tiny\n"}, 20_000) == {"D/Small": "tiny\n"}


def test_a_directory_larger_than_the_wikis_pages_is_published_in_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a wiki whose pages hold 4 KB ($wgMaxArticleSize), the 8 and 11 KB pages go
    in parts; publishing again edits nothing (found on the 10,000-advocate directory:
    the parts' revisions did not fit one API answer, and were taken for missing);
    when the page shrinks, the part it no longer needs becomes a redirect."""
    need(available(), "php or Debian's mediawiki package is not installed")
    # and whose API answers hold 12 KB: the pages' latest revisions come a few at a time
    settings = "$wgMaxArticleSize = 4;\n$wgAPIMaxResultSize = 12000;\n"
    with local_wiki(tmp_path / "small", settings) as small:
        small.user(PUBLISHER, "Publisher-password-1", bot=True)
        small.bot_password(PUBLISHER, "advoc", BOT_SECRET)
        monkeypatch.setenv("ADVOC_WIKI_USER", f"{PUBLISHER}@advoc")
        monkeypatch.setenv("ADVOC_WIKI_PASSWORD", BOT_SECRET)
        root = make_repo(CASES / "positive" / "complete-registry", tmp_path / "registry")
        manifest = root / "advoc.yaml"
        manifest.write_text(manifest.read_text() + f"wiki:\n  api: {small.api}\n  prefix: D\n")
        for i in range(40):  # enough advocates to need parts
            write = root / f"registry/advocates/extra-{i}.yaml"
            write.write_text(
                f"id: extra-{i}\nusername: Extra Advocate {i}\nlanguages: [en]\n"
                f"regions: [nwe]\ntopics: [copyright, access]\nname: Extra Advocate Number {i}\n"
            )
        git(root, "add", "--all")
        git(root, "commit", "--quiet", "--no-verify", "-m", "Many advocates")
        result = publish(root)
        assert result.exit_code == 0, result.stdout + result.stderr
        connection = site(small)
        index = connection.pages["D/Advocates"].text()
        assert "This page is in" in index
        parts = [line for line in index.splitlines() if line.startswith("* [[D/Advocates/")]
        assert len(parts) >= 2
        for number in range(1, len(parts) + 1):
            text = connection.pages[f"D/Advocates/{number}"].text()
            assert len(text.encode("utf-8")) <= 4096 and text.count("{|") == text.count("|}")
        again = publish(root)
        assert again.exit_code == 0 and " 0 of " in again.stdout  # nothing edited
        for i in range(40):
            (root / f"registry/advocates/extra-{i}.yaml").unlink()
        git(root, "commit", "--quiet", "--no-verify", "-am", "Fewer advocates")
        shrunk = publish(root)
        assert shrunk.exit_code == 0, shrunk.stdout + shrunk.stderr
        last = connection.pages[f"D/Advocates/{len(parts)}"]
        assert last.text().startswith("#REDIRECT [[D/Advocates]]")
