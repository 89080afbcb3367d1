"""Alert sinks: webhook against a local receiver, banner table, Prometheus, log."""

from __future__ import annotations

import json
import logging
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from triage.kpi.records import CST
from triage.kpi.sinks import (
    BannerSink,
    LogSink,
    PrometheusSink,
    WebhookSink,
    acknowledge,
    dispatch,
    recent_alerts,
)
from triage.kpi.surge import SurgeAlert


def _alert(label: str = "fraud_report", since_hour: int = 10) -> SurgeAlert:
    since = datetime(2026, 11, 20, since_hour, tzinfo=CST)
    return SurgeAlert(
        dimension="intent",
        label=label,
        since=since,
        last_hour=since + timedelta(hours=1),
        observed=12,
        expected=1.5,
        p_value=2e-7,
        total_observed=20,
        total_expected=3.0,
        examples=(("c-1", "我的卡<BANK_CARD>被盗刷"),),
    )


class _Receiver(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Receiver.received.append(
            {"content_type": self.headers["Content-Type"], "body": json.loads(body)}
        )
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture()
def receiver():
    _Receiver.received = []
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", _Receiver.received
    server.shutdown()
    server.server_close()


def test_sinks_webhook_posts_json_to_local_receiver(receiver):
    url, received = receiver
    WebhookSink(url, timeout=5).emit([_alert()])
    assert len(received) == 1
    body = received[0]["body"]
    assert received[0]["content_type"].startswith("application/json")
    assert body["type"] == "surge_alert"
    assert body["label"] == "fraud_report" and body["label_zh"] == "欺诈与盗刷"
    assert body["observed"] == 12 and body["since"].startswith("2026-11-20T10:00")
    assert body["examples"] == [{"id": "c-1", "text": "我的卡<BANK_CARD>被盗刷"}]
    assert "欺诈与盗刷" in body["message"]


def test_sinks_webhook_failure_is_logged_not_raised(caplog):
    caplog.set_level(logging.WARNING, logger="triage.kpi.alerts")
    WebhookSink("http://127.0.0.1:9/none", timeout=1).emit([_alert()])
    assert any("kpi.webhook_failed" in r.getMessage() for r in caplog.records)


def test_sinks_log_line_has_codes_not_text(caplog):
    caplog.set_level(logging.WARNING, logger="triage.kpi.alerts")
    LogSink().emit([_alert()])
    msg = caplog.records[-1].getMessage()
    assert "kpi.surge_alert" in msg and "label=fraud_report" in msg and "observed=12" in msg
    assert "盗刷" not in msg and "BANK_CARD" not in msg


def test_sinks_prometheus_metrics_set():
    from prometheus_client import REGISTRY

    before = REGISTRY.get_sample_value("triage_surge_alerts_total", {"dimension": "queue"}) or 0
    a = SurgeAlert(
        "queue", "fraud_hotline", _alert().since, _alert().last_hour, 9, 1.5, 1e-6, 9, 1.5
    )
    PrometheusSink().emit([a])
    labels = {"dimension": "queue", "label": "fraud_hotline"}
    assert REGISTRY.get_sample_value("triage_surge_active", labels) == 1
    assert REGISTRY.get_sample_value("triage_surge_ratio", labels) == pytest.approx(6.0)
    after = REGISTRY.get_sample_value("triage_surge_alerts_total", {"dimension": "queue"})
    assert after == before + 1
    PrometheusSink().clear([("queue", "fraud_hotline")])
    assert REGISTRY.get_sample_value("triage_surge_active", labels) == 0


def test_sinks_prometheus_in_a_service_registry():
    from prometheus_client import CollectorRegistry, generate_latest

    reg = CollectorRegistry()
    PrometheusSink(reg).emit([_alert()])
    text = generate_latest(reg).decode()
    assert 'triage_surge_active{dimension="intent",label="fraud_report"} 1.0' in text
    assert 'triage_surge_alerts_total{dimension="intent"} 1.0' in text


def test_sinks_banner_stores_once_and_acknowledges(tmp_path, receiver):
    url, received = receiver
    db = f"sqlite:///{tmp_path / 'kpi.db'}"
    banner = BannerSink(db)
    sent = dispatch([_alert(), _alert("digital_channel")], [WebhookSink(url)], banner)
    assert len(sent) == 2 and len(received) == 2
    # a rerun finds the same alerts: stored again (updated) but not re-sent
    sent = dispatch([_alert()], [WebhookSink(url)], banner)
    assert sent == [] and len(received) == 2
    shown = recent_alerts(db, hours=1)
    assert {s["label"] for s in shown} == {"fraud_report", "digital_channel"}
    assert all("激增" in s["message"] for s in shown)
    assert acknowledge(shown[0]["key"], db)
    assert len(recent_alerts(db, hours=1)) == 1
    later = datetime.now(UTC) + timedelta(hours=3)
    assert recent_alerts(db, hours=1, now=later) == []
    assert not acknowledge("intent:none:2026", db)
