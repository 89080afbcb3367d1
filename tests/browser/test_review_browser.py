"""The review workflow in a real browser: login → queue → detail → verdict → appeal → decision."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def _page(browser, base):
    context = browser.new_context(
        base_url=base, locale="zh-CN", viewport={"width": 1400, "height": 1000}
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    return context, page, problems


def _login(page, user, passwords):
    page.goto("/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", passwords[user])
    page.click("button[type=submit]")


def test_review_browser_full_workflow(browser, live_server, artifacts, passwords):
    # reviewer: queue → detail → verdict
    ctx, page, problems = _page(browser, live_server)
    _login(page, "rev1", passwords)
    page.wait_for_url(re.compile(r"/review$"))
    assert page.locator("h1").inner_text().startswith("质检队列")
    page.select_option("select[name=severity]", "P1")
    page.click("form.filters button[type=submit]")
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    page.click("text=call-fixture-0001")
    page.wait_for_url(re.compile(r"/review/call-fixture-0001$"))
    assert page.locator("li.turn").count() == 5
    assert page.locator("span.pii", has_text="<BANK_CARD>").count() == 1
    marks = page.locator("mark.evidence")
    assert marks.count() >= 3
    assert "不知道" in marks.all_inner_texts()
    page.check("input[name=decision_C07][value=overturn]")
    page.select_option("select[name=intent]", "complaint")
    page.fill("textarea[name=comment]", "C07 客户情绪已安抚，推翻")
    page.click("#verdict-form button[type=submit]")
    page.wait_for_url(re.compile(r"saved=verdict"))
    assert page.locator("#reviewed-score").inner_text().strip() == "80"
    page.screenshot(path=str(artifacts / "review_detail.png"), full_page=True)
    assert not problems, problems
    ctx.close()

    # agent: own results → appeal
    ctx, page, problems = _page(browser, live_server)
    _login(page, "agent1023", passwords)
    page.wait_for_url(re.compile(r"/review/mine$"))
    page.click("text=call-fixture-0001")
    page.fill("#appeal-form textarea[name=reason]", "第3句为复述客户原话，申请复核")
    page.click("#appeal-form button[type=submit]")
    page.wait_for_url(re.compile(r"saved=appeal"))
    assert "申诉已提交" in page.locator(".notice").inner_text()
    assert not problems, problems
    ctx.close()

    # supervisor: decide the appeal
    ctx, page, problems = _page(browser, live_server)
    _login(page, "sup1", passwords)
    page.goto("/review/appeals")
    card = page.locator("section.card", has_text="call-fixture-0001")
    assert "第3句为复述客户原话" in card.inner_text()
    card.locator("input[name=decision_C05][value=overturn]").check()
    card.locator("button[value=accept]").click()
    page.wait_for_url(re.compile(r"/review/appeals\?status=all"))
    assert "申诉成立" in page.locator("section.card", has_text="call-fixture-0001").inner_text()
    page.goto("/review/call-fixture-0001")
    assert page.locator("#reviewed-score").inner_text().strip() == "90"
    page.goto("/review/audit")
    audit = page.locator("table").inner_text()
    for action in ("裁决申诉", "查看会话详情", "登录"):
        assert action in audit
    assert not problems, problems
    ctx.close()


def test_review_browser_hostile_transcript_shown_as_text(
    browser, live_server, artifacts, passwords
):
    ctx, page, problems = _page(browser, live_server)
    _login(page, "rev1", passwords)
    page.wait_for_url(re.compile(r"/review$"))
    page.goto("/review/chat-fixture-0003")
    turn = page.locator("li.turn").nth(1).locator(".text")
    text = turn.inner_text()
    assert "<script>alert('xss')</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert page.locator("main script").count() == 0
    assert page.locator("main img").count() == 0
    assert page.evaluate("document.scripts.length") == 0
    page.screenshot(path=str(artifacts / "review_hostile.png"), full_page=True)
    assert not problems, problems  # no alert dialog, no CSP or script errors
    ctx.close()
