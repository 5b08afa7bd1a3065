#!/usr/bin/env python3
"""The GPU check: builds llama.cpp's CUDA backend from the kit's source for the one GPU present,
writes a model with Mistral-7B-v0.2's shapes, runs steer_check (capture and injection exactness
on the GPU, steered vs unsteered speed) and measures the memory bandwidth with PyTorch, so that
decode speed can be read against the bandwidth ceiling. Needs Python 3, CMake, ninja, CUDA's
compiler and PyTorch; no Node and no network. Results: OUT/gpu-check.json and OUT/summary.txt.

On the GPU machine (the kit first: npm run gpu-check:kit):
    python3 scripts/gpu-check/gpu_check.py --out "$OUT"
Here, the same path on the CPU against node-llama-cpp's prebuilt CPU libraries (a small model):
    npm run gpu-check:cpu
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

CMAKE_PROJECT = """cmake_minimum_required(VERSION 3.14)
project(steer_check C CXX)
add_subdirectory(llama.cpp)
add_executable(steer-check steer_check.cpp)
target_link_libraries(steer-check PRIVATE llama ggml)
"""


def log(out, text):
    line = "[%s] %s" % (time.strftime("%H:%M:%S"), text)
    print(line, flush=True)
    with open(os.path.join(out, "log.txt"), "a") as f:
        f.write(line + "\n")


def run(out, cmd, **kwargs):
    log(out, "$ " + " ".join(cmd))
    start = time.time()
    with open(os.path.join(out, "log.txt"), "a") as f:
        subprocess.run(cmd, check=True, stdout=f, stderr=subprocess.STDOUT, **kwargs)
    return time.time() - start


def prebuilt_libraries(folder):
    """node-llama-cpp's libllama and libggml carry a version in their names (libllama.v0.4.0.so)."""
    names = ["libggml-base.so"]
    for stem in ("libllama", "libggml"):
        found = sorted(glob.glob(os.path.join(folder, stem + ".*so")))
        if not found:
            sys.exit("No %s in %s" % (stem, folder))
        names.append(os.path.basename(found[0]))
    return ["-L", folder] + ["-l:" + name for name in names]


def cuda_arch():
    import torch
    major, minor = torch.cuda.get_device_capability(0)
    return "%d%d" % (major, minor), torch.cuda.get_device_name(0)


def measure_bandwidth():
    """Device-to-device copy of 2 GiB, best of 10: bytes read + written per second."""
    import torch
    n = 1 << 31
    src = torch.empty(n, dtype=torch.uint8, device="cuda")
    dst = torch.empty_like(src)
    dst.copy_(src)
    torch.cuda.synchronize()
    best = float("inf")
    for _ in range(10):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        dst.copy_(src)
        end.record()
        torch.cuda.synchronize()
        best = min(best, start.elapsed_time(end) / 1000)
    del src, dst
    torch.cuda.empty_cache()
    return 2 * n / best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.environ.get("OUT") or os.path.join(ROOT, "gpu-check-out"))
    parser.add_argument("--kit", default=os.path.join(ROOT, ".gpu-kit"))
    # Not under .gpu-kit: a device run replaces carried folders, but keeps ignored ones like this.
    parser.add_argument("--work", default=os.path.join(ROOT, ".gpu-work"))
    parser.add_argument("--cpu", action="store_true", help="test the kit here: prebuilt CPU libraries, a small model")
    parser.add_argument("--prebuilt", default=os.path.join(ROOT, "node_modules/@node-llama-cpp/linux-x64/bins/linux-x64"))
    parser.add_argument("--blocks", type=int, default=None, help="model blocks (default 32 on a GPU, 4 with --cpu)")
    parser.add_argument("--flash-attention-kernels", action="store_true", help="also compile CUDA flash attention (minutes more)")
    parser.add_argument("--keep-model", action="store_true")
    a = parser.parse_args()
    os.makedirs(a.out, exist_ok=True)
    os.makedirs(a.work, exist_ok=True)
    result = {"date_utc": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "mode": "cpu" if a.cpu else "cuda", "steps": {}}
    started = time.time()

    tarball = os.path.join(a.kit, "llama.cpp.tar.xz")
    if not os.path.exists(tarball):
        sys.exit("No kit at %s: run npm run gpu-check:kit and carry .gpu-kit" % a.kit)
    source = os.path.join(a.work, "llama.cpp")
    if not os.path.isdir(source):
        t = time.time()
        with tarfile.open(tarball) as tar:
            tar.extractall(a.work)
        result["steps"]["unpack_s"] = round(time.time() - t, 1)
    shutil.copy(os.path.join(HERE, "steer_check.cpp"), a.work)
    binary = os.path.join(a.work, "build", "bin", "steer-check") if not a.cpu else os.path.join(a.work, "steer-check-cpu")
    env = dict(os.environ)

    if a.cpu:
        result["steps"]["build_s"] = round(run(a.out, [
            "g++", "-O2", "-std=c++17", os.path.join(a.work, "steer_check.cpp"), "-o", binary,
            "-I", os.path.join(source, "include"), "-I", os.path.join(source, "ggml", "include"),
            *prebuilt_libraries(a.prebuilt), "-Wl,-rpath," + a.prebuilt]), 1)
        env["STEER_CHECK_BACKEND_DIR"] = a.prebuilt
        blocks = a.blocks or 4
        shape = ["--embd", "256", "--ff", "512", "--heads", "4", "--kv-heads", "2", "--vocab", "512"]
        # One thread: on a shared machine, llama.cpp's spinning workers stall each other.
        check_args = ["--ngl", "0", "--threads", "1", "--prompt", "64", "--gen", "64", "--rounds", "3"]
    else:
        arch, name = cuda_arch()
        result["gpu"] = {"name": name, "cuda_arch": arch}
        log(a.out, "GPU %s, compute capability %s" % (name, arch))
        if not shutil.which("nvcc"):
            for candidate in sorted(glob.glob("/usr/local/cuda*/bin/nvcc"), reverse=True):
                os.environ["PATH"] = os.path.dirname(candidate) + os.pathsep + os.environ["PATH"]
                os.environ["CUDACXX"] = candidate
                break
        log(a.out, "nvcc: %s" % (shutil.which("nvcc") or "not found"))
        with open(os.path.join(a.work, "CMakeLists.txt"), "w") as f:
            f.write(CMAKE_PROJECT)
        build = os.path.join(a.work, "build")
        run(a.out, ["cmake", "-S", a.work, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                    "-DBUILD_SHARED_LIBS=OFF", "-DGGML_CUDA=ON", "-DCMAKE_CUDA_ARCHITECTURES=" + arch,
                    "-DGGML_CUDA_FA=" + ("ON" if a.flash_attention_kernels else "OFF"), "-DGGML_CUDA_NCCL=OFF",
                    "-DGGML_NATIVE=ON", "-DLLAMA_BUILD_COMMON=OFF"])
        result["steps"]["build_s"] = round(run(a.out, ["cmake", "--build", build, "--target", "steer-check",
                                                       "-j", str(os.cpu_count() or 8)]), 1)
        blocks = a.blocks or 32
        shape = []
        check_args = ["--ngl", "999", "--prompt", "512", "--gen", "128", "--rounds", "3"]
        result["bandwidth_bytes_per_s"] = measure_bandwidth()
        log(a.out, "device copy bandwidth %.0f GB/s" % (result["bandwidth_bytes_per_s"] / 1e9))

    model = os.path.join(a.work, "model-%d.gguf" % blocks)
    if not os.path.exists(model):
        result["steps"]["model_s"] = round(run(a.out, [sys.executable, os.path.join(HERE, "make_model.py"), model,
                                                       "--blocks", str(blocks)] + shape), 1)
    report = os.path.join(a.out, "steer-check.json")
    t = time.time()
    status = subprocess.run([binary, model, report] + check_args, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    result["steps"]["check_s"] = round(time.time() - t, 1)
    with open(os.path.join(a.out, "steer-check.log"), "w") as f:
        f.write(status.stdout)
    if not os.path.exists(report):
        log(a.out, "steer-check wrote no report (exit %d); see steer-check.log" % status.returncode)
        sys.exit(1)
    with open(report) as f:
        check = json.load(f)
    result["check"] = check
    speed = check["speed"]
    if "bandwidth_bytes_per_s" in result and speed["decode_tok_s_unsteered"]:
        ceiling = result["bandwidth_bytes_per_s"] / check["model"]["bytes"]
        result["decode_ceiling_tok_s"] = ceiling
        result["decode_share_of_ceiling"] = sorted(speed["decode_tok_s_unsteered"])[len(speed["decode_tok_s_unsteered"]) // 2] / ceiling
    result["total_s"] = round(time.time() - started, 1)
    with open(os.path.join(a.out, "gpu-check.json"), "w") as f:
        json.dump(result, f, indent=2)
    e = check["exactness"]
    lines = [
        "Steerling GPU check, %s, %s%s" % (result["date_utc"], result["mode"], (" on " + result["gpu"]["name"]) if "gpu" in result else ""),
        "checks: %s %s" % ("PASSED" if check["ok"] else "FAILED", check["failures"]),
        "model: %d blocks, n_embd %d, %.2f GB, %s layers offloaded" % (check["model"]["n_layer"], check["model"]["n_embd"], check["model"]["bytes"] / 1e9, check["model"]["gpu_layers"]),
        "all positions: rel. error %.2e at the layer, layer before moved %.1e, cleared diff %.1e" % (e["all_positions_rel_error"], e["layer_before_max_abs_change"], e["cleared_max_abs_diff"]),
        "ActAdd front: rows rel. error %.2e, other rows moved %.1e, batched vs one at a time (next layer) %.2e" % (e["front_rows_rel_error"], e["front_other_rows_max_abs_change"], e["front_batched_vs_one_at_a_time_next_layer_rel_error"]),
        "decode steered/unsteered (all layers): %.3f (median of %d rounds); prefill %.3f" % (speed["decode_ratio_median"], speed["rounds"], speed["prefill_ratio_median"]),
        "decode tok/s unsteered %s, steered %s" % (speed["decode_tok_s_unsteered"], speed["decode_tok_s_steered"]),
        "decode graph reuse (share of tokens) unsteered %s, steered %s" % (speed["decode_graph_reuse_unsteered"], speed["decode_graph_reuse_steered"]),
    ]
    if "decode_ceiling_tok_s" in result:
        lines.append("bandwidth %.0f GB/s (copy) -> ceiling %.1f tok/s; unsteered decode at %.0f%% of it" % (
            result["bandwidth_bytes_per_s"] / 1e9, result["decode_ceiling_tok_s"], 100 * result["decode_share_of_ceiling"]))
    lines.append("times: %s, total %.0f s" % (result["steps"], result["total_s"]))
    with open(os.path.join(a.out, "summary.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    if not a.keep_model and not a.cpu:
        os.remove(model)
    sys.exit(0 if check["ok"] else 1)


if __name__ == "__main__":
    main()
