#!/usr/bin/env python3
"""The simulator against SimPy on the same M/M/c queue, in one run: the same arrival rate,
service rate, servers and number of requests, an unbounded waiting room. Prints both rates in
requests simulated per second (the two count events differently, so requests are what compares),
their ratio, and each one's mean wait beside Erlang C as a check that both simulate the same thing.

How each is timed, as closely as possible to the simulation alone:
- SimPy: time.perf_counter() around env.run(), in this process (building the model is left out).
- sdcoach: the release binary runs `design sim --json` on a generated design and scenario and
  prints on stderr how long `sim::simulate` took, measured inside the binary around that call
  alone (reading content, parsing and printing JSON are left out).
Each is run REPEATS times and the fastest run counts, which filters out a busy machine.

Sets up SimPy from PyPI in a virtual environment under target/simpy-venv on first use.

Usage: python3 scripts/bench-sim-vs-simpy.py [REQUESTS] [SERVERS] [UTILISATION]"""
import json, math, os, re, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "target", "simpy-venv")
REQUESTS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
SERVERS = int(sys.argv[2]) if len(sys.argv) > 2 else 4
RHO = float(sys.argv[3]) if len(sys.argv) > 3 else 0.8
SERVICE = 0.010  # seconds: 10 ms, a service's default in the catalogue
MU = 1.0 / SERVICE
LAMBDA = RHO * SERVERS * MU
REPEATS = 3


def venv_python():
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        print(f"setting up SimPy in {VENV}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "simpy"], check=True)
    return python


SIMPY_MODEL = r"""
import json, random, sys, time
import simpy

lam, mu, c, n, seed = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
env = simpy.Environment()
server = simpy.Resource(env, capacity=c)
rng = random.Random(seed)
state = {"served": 0, "wait": 0.0}

def customer(env):
    arrived = env.now
    with server.request() as req:
        yield req
        state["wait"] += env.now - arrived
        yield env.timeout(rng.expovariate(mu))
    state["served"] += 1

def source(env):
    for _ in range(n):
        env.process(customer(env))
        yield env.timeout(rng.expovariate(lam))

env.process(source(env))
start = time.perf_counter()
env.run()
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "requests": n, "mean_wait": state["wait"] / state["served"],
                  "version": simpy.__version__}))
"""


def simpy_run(python):
    out = subprocess.run(
        [python, "-c", SIMPY_MODEL, str(LAMBDA), str(MU), str(SERVERS), str(REQUESTS), "1"],
        capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(out)


def sdcoach_run(binary, workdir):
    design = os.path.join(workdir, "mmc.sd")
    scenario = os.path.join(workdir, "mmc.scn")
    with open(design, "w") as f:
        f.write(f"web: client\nsrv: service concurrency {SERVERS} latency {SERVICE * 1000} ms\n"
                f"flow f: {LAMBDA}/s\n  web -> srv\n")
    with open(scenario, "w") as f:
        f.write(f"set duration {REQUESTS / LAMBDA} s\nset seed 1\ncomponent all waiting unbounded\n")
    run = subprocess.run([binary, "design", "sim", design, "--scenario", scenario, "--json"],
                         capture_output=True, text=True, check=True)
    timing = re.search(r"simulated .* in ([0-9.]+) s: (\d+) requests, (\d+) events", run.stderr)
    if not timing:
        sys.exit(f"no timing line on stderr:\n{run.stderr}")
    report = json.loads(run.stdout)
    srv = next(c for c in report["summary"]["components"] if c["id"] == "srv")
    return {"seconds": float(timing.group(1)), "requests": int(timing.group(2)),
            "events": int(timing.group(3)), "mean_wait": srv["wait_mean_ms"] / 1000.0}


def erlang_c_wait():
    a = LAMBDA / MU
    b = 1.0
    for k in range(1, SERVERS + 1):
        b = a * b / (k + a * b)
    rho = a / SERVERS
    c = b / (1 - rho * (1 - b))
    return c / (SERVERS * MU - LAMBDA)


def main():
    python = venv_python()
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "sdcoach"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "sdcoach")
    with tempfile.TemporaryDirectory() as workdir:
        ours = min((sdcoach_run(binary, workdir) for _ in range(REPEATS)), key=lambda r: r["seconds"])
    theirs = min((simpy_run(python) for _ in range(REPEATS)), key=lambda r: r["seconds"])
    ours_rate = ours["requests"] / ours["seconds"]
    theirs_rate = theirs["requests"] / theirs["seconds"]
    theory = erlang_c_wait()
    print(f"M/M/{SERVERS}: lambda {LAMBDA:g}/s, mu {MU:g}/s (utilisation {RHO:g}), about {REQUESTS:,} requests, "
          f"unbounded waiting room; fastest of {REPEATS} runs each\n")
    print(f"{'':12} {'requests':>10} {'seconds':>9} {'requests/s':>12} {'mean wait':>10} {'vs Erlang C':>11}")
    for name, r, rate in [("sdcoach", ours, ours_rate), (f"SimPy {theirs['version']}", theirs, theirs_rate)]:
        print(f"{name:12} {r['requests']:>10,} {r['seconds']:>9.3f} {rate:>12,.0f} "
              f"{r['mean_wait'] * 1000:>8.3f} ms {(r['mean_wait'] / theory - 1) * 100:>+10.2f} %")
    print(f"\nErlang C mean wait: {theory * 1000:.3f} ms; sdcoach processed {ours['events']:,} events")
    print(f"sdcoach / SimPy: {ours_rate / theirs_rate:.1f}x requests simulated per second")


if __name__ == "__main__":
    main()
