from mockloop.core.timer import Countdown, Phase, format_clock


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_two_minutes_of_clock_time_in_milliseconds():
    clock = FakeClock()
    c = Countdown(120, clock=clock)
    c.start()
    assert (c.read().label(), c.read().phase) == ("2:00", Phase.GREEN)
    clock.now += 89.5
    assert (c.read().label(), c.read().phase) == ("0:31", Phase.GREEN)
    clock.now += 0.5
    assert (c.read().label(), c.read().phase) == ("0:30", Phase.YELLOW)
    clock.now += 30.0
    assert (c.read().label(), c.read().phase) == ("0:00", Phase.YELLOW)
    clock.now += 12.2
    r = c.read()
    assert (r.label(), r.phase) == ("+0:12", Phase.RED)
    assert abs(r.overrun_s - 12.2) < 1e-9


def test_derived_from_the_deadline_not_from_ticks():
    clock = FakeClock()
    c = Countdown(60, clock=clock)
    c.start()
    clock.now += 45.0  # one big jump, as after a stalled UI: no ticks were counted
    assert c.elapsed() == 45.0
    c.stop()
    clock.now += 100
    assert c.elapsed() == 45.0 and not c.running


def test_format_clock():
    assert format_clock(0) == "0:00"
    assert format_clock(61.9) == "1:01"
    assert format_clock(61.1, round_up=True) == "1:02"
