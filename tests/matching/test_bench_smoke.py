"""The matching benchmark runs in process on a tiny size and reports well-formed scores."""

import json
from types import ModuleType


def _unit(value: object) -> bool:
    return isinstance(value, float | int) and 0.0 <= value <= 1.0


def test_the_quick_report_has_every_score_within_0_and_1(bench: ModuleType, capsys) -> None:
    assert bench.main(["--quick", "--json", "--incidents", "120", "--seed", "3"]) == 0
    report = json.loads(capsys.readouterr().out)
    quality = report["quality"]
    assert quality["incidents"] == 120
    assert set(quality["records"]) == {"acled", "ucdp", "report"}
    assert quality["true_pairs"] > 0
    ours, baseline = quality["matcher"], quality["baseline"]
    levels = {"all", *(f"date:{x}" for x in ("day", "week", "month+"))}
    levels |= {f"place:{x}" for x in ("point", "named", "admin")}
    for scores in (ours["pairwise"], baseline["best"]["pairwise"]):
        assert set(scores) == levels
        for level in scores.values():
            assert all(_unit(level[k]) for k in ("precision", "recall", "f1"))
    for clusters in (ours["b_cubed"], baseline["best"]["b_cubed"]):
        assert all(_unit(clusters[k]) for k in ("precision", "recall", "f1"))
    bands = [band["band"] for band in ours["calibration"]]
    assert bands == ["0.5-0.6", "0.6-0.7", "0.7-0.8", "0.8-0.9", "0.9-1.0"]
    for band in ours["calibration"]:
        assert band["true_share"] is None or _unit(band["true_share"])
    grid = baseline["grid"]
    assert len(grid) == len(bench.DAY_WINDOWS) * len(bench.KM_WINDOWS)
    assert max(g["f1"] for g in grid) == baseline["best"]["pairwise"]["all"]["f1"]
    assert all(_unit(f1) for f1 in baseline["oracle_f1_by_level"].values())


def test_the_truth_of_every_record_is_known_and_the_table_prints(bench: ModuleType) -> None:
    observed, truth, _ = bench.observe(80, seed=5)
    for one in observed:
        assert {e.id for e in one.dataset.events} == set(one.truth)
        assert all(one.truth.values())
    # A record's incidents are real ones, and true pairs join different datasets.
    assert all(truth.dataset_of[a] != truth.dataset_of[b] for a, b in truth.pairs)
    report = bench.run(80, seed=5)
    ours = report["quality"]["matcher"]
    assert _unit(ours["f1_threshold"])
    assert set(ours["pairwise_at_f1_threshold"]) == set(ours["pairwise"])
    text = bench.table(report)
    assert "| all |" in text
    assert "gain at t*" in text
    assert "0.8-0.9" in text


def test_the_seeds_report_sets_em_beside_its_refit(bench: ModuleType, capsys) -> None:
    assert bench.main(["--json", "--incidents", "100", "--seeds", "3,4"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [row["seed"] for row in report["seeds"]] == [3, 4]
    for row in report["seeds"]:
        for level in ("all", "date:month+", "place:admin"):
            assert set(row[level]) == {"baseline", "em", "refit", "refit t*"}
            assert all(_unit(f1) for f1 in row[level].values())
        assert 1 <= row["refits"] <= bench.REFIT_ROUNDS
        assert _unit(row["f1_threshold"])
    # the same run as a table, one row per seed
    text = bench.seeds_markdown(report)
    assert text.count("\n| 3 |") == 1
    assert text.count("\n| 4 |") == 1


def test_refits_0_reports_em_alone(bench: ModuleType, capsys) -> None:
    assert bench.main(["--json", "--incidents", "100", "--seed", "3", "--refits", "0"]) == 0
    assert json.loads(capsys.readouterr().out)["quality"]["matcher"]["refits"] == 0
