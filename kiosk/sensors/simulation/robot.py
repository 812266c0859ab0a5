"""Robot training ground: a pick-and-place arm, and a policy learning a task over episodes."""

from __future__ import annotations

import numpy as np

from kiosk.sensors.simulation import Block, every

BASE_HZ = 20.0  # joint encoder readings per second
CYCLE_S = 6.0  # one pick-and-place
EPISODE_S = 1.0  # training episodes (run in parallel simulation) finish once a second
TASK_EPISODES = 600  # then the next task starts and learning begins again
WINDOW = 20  # success rate = share of the last 20 episodes that succeeded
BATTERY_DRAIN, BATTERY_CHARGE = 0.6, 3.0  # % per minute
BATTERY_LOW, BATTERY_HIGH = 20.0, 95.0

# (time in cycle [s], joint angles [deg]: base yaw, shoulder, elbow, wrist); the yaw of the
# pick and place poses gets a little jitter per cycle as parts never lie exactly alike
KEYFRAMES = (
    (0.0, (0.0, -20.0, 70.0, 40.0)),
    (1.2, (-35.0, 10.0, 60.0, 20.0)),
    (1.8, (-35.0, 30.0, 45.0, 15.0)),
    (2.2, (-35.0, 30.0, 45.0, 15.0)),  # gripper closes
    (2.8, (-35.0, 10.0, 60.0, 20.0)),
    (4.0, (40.0, 10.0, 60.0, 20.0)),
    (4.6, (40.0, 28.0, 48.0, 15.0)),
    (5.0, (40.0, 28.0, 48.0, 15.0)),  # gripper opens
    (6.0, (0.0, -20.0, 70.0, 40.0)),
)
GRIP_CLOSE, GRIP_OPEN = (1.8, 2.2), (4.6, 5.0)


def min_jerk(s: np.ndarray) -> np.ndarray:
    """The smooth 0→1 profile of human-like and robot point-to-point moves."""
    s = np.clip(s, 0.0, 1.0)
    return s**3 * (10 - 15 * s + 6 * s * s)


class RobotModel:
    instrument = "robot"
    BASE_HZ = BASE_HZ
    PACE = 1.0  # arm motion must look real; learning shows in minutes anyway

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)
        self._tasks: dict[int, np.ndarray] = {}
        self._jitter: dict[int, np.ndarray] = {}  # cycle → pick and place yaw jitter (deg)
        rng = np.random.default_rng([self.seed, 5])
        self._battery_phase_s = float(rng.uniform(0, self._battery_period_s()))

    def success_of_task(self, k: int) -> np.ndarray:
        """Success rate (%) after each episode of task ``k``, from simulated outcomes."""
        if k not in self._tasks:
            rng = np.random.default_rng([self.seed, 4, k])
            s0, s_max = rng.uniform(0.05, 0.15), rng.uniform(0.85, 0.95)
            scale = rng.uniform(60, 120)  # episodes to learn ~63 % of the way
            ep = np.arange(TASK_EPISODES)
            p = s_max - (s_max - s0) * np.exp(-ep / scale)
            won = (rng.random(TASK_EPISODES) < p).astype(np.float64)
            csum = np.concatenate(([0.0], np.cumsum(won)))
            lo = np.maximum(ep + 1 - WINDOW, 0)
            rate = 100.0 * (csum[ep + 1] - csum[lo]) / (ep + 1 - lo)
            if len(self._tasks) >= 2:
                self._tasks.pop(min(self._tasks))
            self._tasks[k] = np.round(rate, 1)
        return self._tasks[k]

    def jitter_of_cycle(self, c: int) -> np.ndarray:
        """The pick and place yaw jitter of cycle ``c``, drawn from the cycle number alone
        (kept for the last cycles: a live feed asks for the same cycle 120 times)."""
        jit = self._jitter.get(c)
        if jit is None:
            jit = np.random.default_rng([self.seed, 6, c]).uniform(-6, 6, 2)
            if len(self._jitter) >= 4:
                self._jitter.pop(min(self._jitter))
            self._jitter[c] = jit
        return jit

    def joints(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Joint angles (n, 4) and gripper closure (%) at instrument times ``t``."""
        cycle = (t // CYCLE_S).astype(np.int64)
        phase = t - cycle * CYCLE_S
        times = np.array([k[0] for k in KEYFRAMES])
        poses = np.array([k[1] for k in KEYFRAMES])
        seg = np.clip(np.searchsorted(times, phase, side="right") - 1, 0, len(times) - 2)
        s = min_jerk((phase - times[seg]) / (times[seg + 1] - times[seg]))
        angles = poses[seg] + (poses[seg + 1] - poses[seg]) * s[:, None]
        # per-cycle jitter of the pick and place yaw, drawn from the cycle number alone
        jitter = np.array([self.jitter_of_cycle(int(c)) for c in np.unique(cycle)]) \
            if t.size else np.zeros((0, 2))
        jit = jitter[np.searchsorted(np.unique(cycle), cycle)] if t.size else jitter
        pick_w = ((phase > 0.0) & (phase < 4.0)) * np.sin(np.pi * np.clip(phase / 4.0, 0, 1))
        place_w = np.sin(np.pi * np.clip((phase - 2.8) / 3.2, 0, 1))
        angles[:, 0] += jit[:, 0] * pick_w + jit[:, 1] * place_w
        noise = np.sin(t[:, None] * np.array([7.1, 5.3, 6.7, 9.1]) + self.seed) * 0.05
        grip = 100.0 * (min_jerk((phase - GRIP_CLOSE[0]) / (GRIP_CLOSE[1] - GRIP_CLOSE[0]))
                        - min_jerk((phase - GRIP_OPEN[0]) / (GRIP_OPEN[1] - GRIP_OPEN[0])))
        return np.round(angles + noise, 2), np.round(grip, 1)

    def _battery_period_s(self) -> float:
        span = BATTERY_HIGH - BATTERY_LOW
        return 60.0 * (span / BATTERY_DRAIN + span / BATTERY_CHARGE)

    def battery(self, t: np.ndarray) -> np.ndarray:
        """A saw-tooth: slow drain while working, a quicker charge on the dock."""
        span = BATTERY_HIGH - BATTERY_LOW
        drain_s = 60.0 * span / BATTERY_DRAIN
        x = (t + self._battery_phase_s) % self._battery_period_s()
        level = np.where(x < drain_s, BATTERY_HIGH - x / 60.0 * BATTERY_DRAIN,
                         BATTERY_LOW + (x - drain_s) / 60.0 * BATTERY_CHARGE)
        return np.round(level, 1)

    def block(self, i0: int, i1: int) -> Block:
        t = np.arange(i0, i1) / BASE_HZ
        angles, grip = self.joints(t)
        out: Block = {f"robot.joint{j + 1}_deg": (t, angles[:, j]) for j in range(4)}
        out["robot.gripper"] = (t, grip)
        slow = every(i0, i1, int(BASE_HZ * EPISODE_S))
        ts = slow / BASE_HZ
        episode = (ts // EPISODE_S).astype(np.int64)
        task, ep_in_task = np.divmod(episode, TASK_EPISODES)
        rate = np.empty(slow.size)
        for k in np.unique(task):
            m = task == k
            rate[m] = self.success_of_task(int(k))[ep_in_task[m]]
        out["robot.success_rate"] = (ts, rate)
        out["robot.episode"] = (ts, (ep_in_task + 1).astype(float))
        out["robot.cycle"] = (ts, (ts // CYCLE_S).astype(float))
        out["robot.battery_pct"] = (ts, self.battery(ts))
        return out
