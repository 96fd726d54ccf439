from datetime import date

from apps.outside_care.chart import HEIGHT, TOP, ChartPoint, trend_chart_svg


def _points(*scores):
    return [ChartPoint(day=date(2027, 1, 1 + index), score=score) for index, score in enumerate(scores)]


def test_a_polyline_through_every_point_each_labelled_with_its_score():
    svg = trend_chart_svg(_points(19, 13, 8), max_score=27, title="PHQ-9 total score over time")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert svg.count("<circle") == 3
    polyline = svg.split('<polyline points="')[1].split('"')[0].split()
    assert len(polyline) == 3
    ys = [float(pair.split(",")[1]) for pair in polyline]
    assert ys[0] < ys[1] < ys[2]  # lower scores sit lower on the chart (larger y)
    for score in ("19", "13", "8"):
        assert f">{score}</text>" in svg
    assert ">1 Jan 2027</text>" in svg and ">3 Jan 2027</text>" in svg


def test_the_axis_runs_from_zero_to_the_instrument_maximum():
    svg = trend_chart_svg(_points(0, 21), max_score=21, title="GAD-7")
    ticks = [">0</text>", ">5</text>", ">10</text>", ">15</text>", ">20</text>"]
    assert all(tick in svg for tick in ticks)
    top_point = svg.split('<polyline points="')[1].split('"')[0].split()[1]
    assert float(top_point.split(",")[1]) == TOP  # the maximum touches the top of the plot


def test_one_point_sits_in_the_middle_and_no_points_say_so():
    single = trend_chart_svg(_points(12), max_score=27, title="PHQ-9")
    assert single.count("<circle") == 1
    empty = trend_chart_svg([], max_score=27, title="PHQ-9")
    assert "No scores yet" in empty and "<polyline" not in empty
    assert f'height="{HEIGHT}"' in empty


def test_many_points_label_only_some_dates_so_that_they_never_overlap():
    svg = trend_chart_svg(
        [ChartPoint(day=date(2027, 1, day), score=day % 27) for day in range(1, 31)], max_score=27, title="t"
    )
    assert svg.count("<circle") == 30
    assert svg.count(" 2027</text>") <= 8
    assert ">30 Jan 2027</text>" in svg  # the last is always labelled


def test_the_title_is_escaped():
    svg = trend_chart_svg([], max_score=27, title='<script>"x"</script>')
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
