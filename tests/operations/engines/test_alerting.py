"""Known answers for the alert engine (no database)."""

from datetime import UTC, datetime, time, timedelta

import pytest

from operations.engines import alerting as eng

T0 = datetime(2025, 1, 6, 12, 0, tzinfo=UTC)  # a Monday


def test_for_5m_pending_then_firing_then_keep_firing_for_2m_resolves_at_8():
    spec = eng.RuleSpec(">", 1.0, for_s=300, keep_firing_for_s=120)
    samples = [(m * 60, 2.0 if m < 6 else 0.0) for m in range(0, 11)]
    run = eng.rule_run(spec, samples)
    states = {t // 60: (s, tr) for t, s, tr in run}
    assert states[0] == ("pending", "pending")
    assert all(states[m][0] == "pending" for m in range(0, 5))
    assert states[5] == ("firing", "firing")
    assert states[6][0] == states[7][0] == "firing"
    assert states[8] == ("inactive", "resolved")
    assert [tr for _, _, tr in run if tr] == ["pending", "firing", "resolved"]


def test_for_zero_fires_immediately_and_pending_clears():
    spec = eng.RuleSpec(">=", 10, for_s=0)
    assert eng.rule_run(spec, [(0, 10.0)])[0][1:] == ("firing", "firing")
    spec = eng.RuleSpec(">", 1, for_s=120)
    run = eng.rule_run(spec, [(0, 5), (60, 0)])
    assert run[1][1:] == ("inactive", "cleared")


def test_missing_value_never_satisfies_a_rule():
    assert not eng.condition_holds(eng.RuleSpec("<", 5), None)


def test_rule_with_datetimes():
    spec = eng.RuleSpec(">", 0, for_s=60)
    s1 = eng.rule_step(spec, eng.RuleState(), 1, T0)
    s2 = eng.rule_step(spec, s1.state, 1, T0 + timedelta(seconds=60))
    assert (s1.transition, s2.transition) == ("pending", "firing")


def test_fingerprint_is_order_independent():
    assert eng.fingerprint({"a": "1", "b": "2"}) == eng.fingerprint({"b": "2", "a": "1"})
    assert eng.fingerprint({"a": "1"}) != eng.fingerprint({"a": "2"})


def test_three_alerts_differing_by_instance_make_one_notification_after_group_wait():
    alerts = [
        {"alertname": "HighLatency", "service": "api", "instance": f"web-{i}"} for i in range(3)
    ]
    groups = eng.group_alerts(alerts, ["alertname", "service"])
    assert len(groups) == 1
    (members,) = groups.values()
    fps = frozenset(eng.fingerprint(a) for a in members)
    state = eng.GroupState(first_seen_at=0)
    notes = []
    for t in range(0, 300, 10):
        d = eng.group_flush(state, fps, t)
        state = d.state
        if d.notify:
            notes.append((t, d.kind))
    assert notes == [(30, "firing")]


def test_group_interval_and_repeat_interval():
    timing = eng.GroupTiming()
    a, b = frozenset({"a"}), frozenset({"a", "b"})
    st = eng.group_flush(eng.GroupState(0), a, 30, timing).state
    assert st.last_notified_at == 30
    assert not eng.group_flush(st, b, 100, timing).notify  # within group_interval
    d = eng.group_flush(st, b, 330, timing)
    assert (d.notify, d.kind) == (True, "firing")
    st = d.state
    assert not eng.group_flush(st, b, 630, timing).notify  # unchanged, before repeat
    d = eng.group_flush(st, b, 330 + 4 * 3600, timing)
    assert (d.notify, d.kind) == (True, "repeat")
    d = eng.group_flush(d.state, frozenset(), 330 + 4 * 3600 + 300, timing)
    assert (d.notify, d.kind) == (True, "resolved")


def test_no_grouping_with_dots():
    groups = eng.group_alerts([{"a": "1", "i": "x"}, {"a": "1", "i": "y"}], ["..."])
    assert len(groups) == 2


def test_system_down_inhibits_performance_degradation_for_same_service():
    rule = eng.InhibitSpec(
        source=(eng.Matcher("alertname", "=", "SystemDown"),),
        target=(eng.Matcher("alertname", "=", "PerformanceDegradation"),),
        equal=("service",),
    )
    down = {"alertname": "SystemDown", "service": "api"}
    slow_api = {"alertname": "PerformanceDegradation", "service": "api"}
    slow_web = {"alertname": "PerformanceDegradation", "service": "web"}
    assert eng.is_inhibited(slow_api, [down, slow_api], [rule])
    assert not eng.is_inhibited(slow_web, [down, slow_web], [rule])
    assert not eng.is_inhibited(slow_api, [slow_api], [rule])


def test_missing_label_equals_empty_and_no_self_inhibition():
    rule = eng.InhibitSpec(
        source=(eng.Matcher("severity", "=~", "SEV-[12]"),), target=(), equal=("cluster",)
    )
    src = {"alertname": "X", "severity": "SEV-1"}
    tgt = {"alertname": "Y", "severity": "SEV-3", "cluster": ""}
    assert eng.is_inhibited(tgt, [src], [rule])
    assert not eng.is_inhibited(src, [src], [rule])


def test_matchers_regex_is_anchored_and_validated():
    m = eng.parse_matchers([{"name": "service", "op": "=~", "value": "api|web"}])[0]
    assert m.matches({"service": "api"}) and not m.matches({"service": "apiserver"})
    assert eng.Matcher("env", "!~", "prod.*").matches({"env": "dev"})
    with pytest.raises(ValueError):
        eng.parse_matchers([{"name": "x", "op": "=~", "value": "("}])
    with pytest.raises(ValueError):
        eng.parse_matchers([{"name": "x", "op": "<>", "value": "1"}])


def test_weekly_recurring_silence_nights_and_weekends():
    spec = eng.SilenceSpec(
        matchers=(eng.Matcher("alertname", "=", "Nightly"),),
        starts_at=T0 - timedelta(days=30),
        ends_at=T0 + timedelta(days=30),
        weekdays=(1, 2, 3, 4, 5),
        daily_start=time(22, 0),
        daily_end=time(6, 0),
    )
    labels = {"alertname": "Nightly"}
    monday_23 = T0.replace(hour=23)
    tuesday_05 = T0.replace(hour=5) + timedelta(days=1)
    assert eng.silence_mutes(spec, labels, monday_23)
    assert eng.silence_mutes(spec, labels, tuesday_05)  # Monday's window past midnight
    assert not eng.silence_mutes(spec, labels, T0)  # Monday noon
    assert not eng.silence_mutes(spec, {"alertname": "Other"}, monday_23)
    saturday_23 = monday_23 + timedelta(days=5)
    assert not eng.silence_mutes(spec, labels, saturday_23)
    assert eng.next_silence_end(spec, monday_23) == T0.replace(hour=6) + timedelta(days=1)


def test_one_off_silence_window():
    spec = eng.SilenceSpec((), T0, T0 + timedelta(hours=1))
    assert eng.silence_active(spec, T0)
    assert not eng.silence_active(spec, T0 + timedelta(hours=1))


def test_escalation_known_answer_without_ack():
    timeouts = [15 * 60, 15 * 60]
    plan = eng.escalation_plan(timeouts, repeats=2)
    assert [(s.at_s / 60, s.level) for s in plan] == [(0, 0), (15, 1), (30, 0), (45, 1)]
    due = eng.escalation_due(timeouts, 2, elapsed_s=10_000, done=0)
    assert [s.at_s / 60 for _, s in due] == [0, 15, 30, 45]
    assert eng.next_escalation_s(timeouts, 2, 4) is None


def test_escalation_ack_at_20_cancels_the_rest_and_mtta_is_20():
    timeouts = [15 * 60, 15 * 60]
    due = eng.escalation_due(timeouts, 2, elapsed_s=10_000, done=0, stopped_at_s=20 * 60)
    assert [(s.at_s / 60, s.level) for _, s in due] == [(0, 0), (15, 1)]
    mtta, mttr = eng.mtta_mttr([(T0, T0 + timedelta(minutes=20), None)])
    assert mtta == pytest.approx(20.0)
    assert mttr is None


def test_repeats_capped_at_nine():
    assert len(eng.escalation_plan([60], repeats=50)) == 9


@pytest.mark.parametrize("seed", range(5))
def test_fast_rule_transitions_match_the_reference_state_machine(seed):
    import numpy as np

    rng = np.random.default_rng(seed)
    values = [None if rng.random() < 0.05 else float(v) for v in rng.normal(5, 2, 600)]
    times = [i * 60.0 for i in range(600)]
    for for_s, keep in ((0, 0), (180, 0), (300, 120), (60, 600)):
        spec = eng.RuleSpec(">", 6.0, for_s, keep)
        reference = [
            (t, tr) for t, _, tr in eng.rule_run(spec, zip(times, values, strict=True)) if tr
        ]
        assert eng.rule_transitions(spec, times, values) == reference
