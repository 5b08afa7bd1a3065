// The steering checks that must hold on a GPU, against llama.cpp's C API only (the GPU machine
// has no Node): the same capture (eval callback on `l_out-N`, ggml_backend_tensor_get) and
// injection (llama_set_adapter_cvec; per-token rows written with ggml_backend_tensor_set) that
// Steerling's add-on uses, then steered vs unsteered decode speed. Writes one JSON object.
//
//   steer-check MODEL OUT.json [--ngl N] [--threads N] [--prompt N] [--gen N] [--rounds N]
//
// Exactness, as in tests/integration/steering/exactness.test.ts (relative error < 1e-4):
//  1. all positions: with c·v at direction L, l_out-L moves by c·v at every position, l_out-(L-1)
//     does not move, and clearing the vector gives the unsteered residuals back;
//  2. ActAdd front: per-token vectors added to rows of one batch give the same next layer as one
//     token at a time with the control vector set (the add-on's batched front vs the old path).
// Speed: prompt prefill and decode of greedy tokens, unsteered vs a vector on every layer, rounds
// alternating, as tokens per second and as the median of per-round ratios.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "ggml-backend.h"
#include "llama.h"

namespace {

struct RowAdd {
  int row;
  const std::vector<float>* vector;  // n_embd * (n_layer - 1), direction 1 first
  int layer;
};

struct Hook {
  int n_embd = 0;
  std::vector<int> capture;                 // layers N of l_out-N to copy
  std::map<int, std::vector<float>> rows;   // layer -> rows appended over decodes
  std::vector<RowAdd> adds;                 // of the current batch
  int batch_rows = 0;
  std::string error;
};

long LayerOf(const ggml_tensor* t) {
  if (std::strncmp(t->name, "l_out-", 6) != 0) return -1;
  char* end = nullptr;
  const long layer = std::strtol(t->name + 6, &end, 10);
  return (end && *end == '\0') ? layer : -1;
}

bool OnEval(ggml_tensor* t, bool ask, void* data) {
  auto& hook = *static_cast<Hook*>(data);
  const long layer = LayerOf(t);
  if (layer < 0) return !ask;
  const bool captures = std::find(hook.capture.begin(), hook.capture.end(), layer) != hook.capture.end();
  bool adds = false;
  for (const auto& add : hook.adds) adds |= add.layer == layer;
  if (ask) return captures || adds;
  if (t->type != GGML_TYPE_F32 || t->ne[0] != hook.n_embd || t->ne[1] != hook.batch_rows) {
    hook.error = std::string("unexpected shape of ") + t->name;
    return false;
  }
  const size_t row_bytes = sizeof(float) * hook.n_embd;
  std::vector<float> row(hook.n_embd);
  for (const auto& add : hook.adds) {
    if (add.layer != layer) continue;
    const float* v = add.vector->data() + static_cast<size_t>(layer - 1) * hook.n_embd;
    ggml_backend_tensor_get(t, row.data(), add.row * row_bytes, row_bytes);
    for (int i = 0; i < hook.n_embd; i++) row[i] += v[i];
    ggml_backend_tensor_set(t, row.data(), add.row * row_bytes, row_bytes);
  }
  if (captures) {
    auto& out = hook.rows[layer];
    const size_t old = out.size();
    out.resize(old + static_cast<size_t>(hook.batch_rows) * hook.n_embd);
    ggml_backend_tensor_get(t, out.data() + old, 0, hook.batch_rows * row_bytes);
  }
  return true;
}

struct Options {
  int ngl = 999;
  int threads = 0;
  int prompt = 256;
  int gen = 64;
  int rounds = 3;
};

llama_context* MakeContext(llama_model* model, const Options& o, int n_ctx, int n_batch, Hook* hook) {
  llama_context_params p = llama_context_default_params();
  p.n_ctx = n_ctx;
  p.n_batch = n_batch;
  p.n_ubatch = n_batch;
  p.n_seq_max = 1;
  p.no_perf = false;
  if (o.threads > 0) p.n_threads = p.n_threads_batch = o.threads;
  if (hook) {
    p.cb_eval = OnEval;
    p.cb_eval_user_data = hook;
  }
  return llama_init_from_model(model, p);
}

// Decodes tokens[from, to) as one batch at their positions; only the last row is an output.
bool Decode(llama_context* ctx, const std::vector<llama_token>& tokens, int from, int to, Hook* hook) {
  llama_batch batch = llama_batch_init(to - from, 0, 1);
  for (int i = from; i < to; i++) {
    const int n = i - from;
    batch.token[n] = tokens[i];
    batch.pos[n] = i;
    batch.n_seq_id[n] = 1;
    batch.seq_id[n][0] = 0;
    batch.logits[n] = i + 1 == to;
  }
  batch.n_tokens = to - from;
  if (hook) hook->batch_rows = to - from;
  const int status = llama_decode(ctx, batch);
  llama_batch_free(batch);
  return status == 0 && (!hook || hook->error.empty());
}

double RelativeError(const float* actual, const float* expected, size_t n) {
  double worst = 0, scale = 0;
  for (size_t i = 0; i < n; i++) {
    worst = std::max(worst, std::fabs(static_cast<double>(actual[i]) - expected[i]));
    scale = std::max(scale, std::fabs(static_cast<double>(expected[i])));
  }
  return worst / std::max(scale, 1e-30);
}

double MaxAbsDiff(const std::vector<float>& a, const std::vector<float>& b) {
  double worst = a.size() == b.size() ? 0 : INFINITY;
  for (size_t i = 0; i < std::min(a.size(), b.size()); i++) worst = std::max(worst, std::fabs(static_cast<double>(a[i]) - b[i]));
  return worst;
}

std::vector<float> Random(size_t n, unsigned seed, float scale) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-scale, scale);
  std::vector<float> out(n);
  for (auto& x : out) x = dist(rng);
  return out;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s MODEL OUT.json [--ngl N] [--threads N] [--prompt N] [--gen N] [--rounds N]\n", argv[0]);
    return 2;
  }
  Options o;
  for (int i = 3; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (key == "--ngl") o.ngl = value;
    else if (key == "--threads") o.threads = value;
    else if (key == "--prompt") o.prompt = value;
    else if (key == "--gen") o.gen = value;
    else if (key == "--rounds") o.rounds = value;
  }
  llama_backend_init();
  // Backends built as loadable modules (node-llama-cpp's prebuilt CPU variants) must be loaded;
  // a static CUDA build has them linked in, and this finds nothing more.
  if (const char* dir = std::getenv("STEER_CHECK_BACKEND_DIR")) ggml_backend_load_all_from_path(dir);
  else ggml_backend_load_all();
  llama_model_params mp = llama_model_default_params();
  mp.n_gpu_layers = o.ngl;
  const auto load_start = std::chrono::steady_clock::now();
  llama_model* model = llama_model_load_from_file(argv[1], mp);
  if (!model) {
    std::fprintf(stderr, "could not load %s\n", argv[1]);
    return 1;
  }
  const double load_s = Seconds(load_start);
  const int n_embd = llama_model_n_embd(model);
  const int n_layer = llama_model_n_layer(model);
  const int n_vocab = llama_vocab_n_tokens(llama_model_get_vocab(model));
  const size_t cvec_len = static_cast<size_t>(n_embd) * (n_layer - 1);
  const int L = std::max(1, n_layer / 2 - 1);  // steered direction; L-1 and L+1 exist when n_layer >= 3
  std::vector<llama_token> prompt(std::max(o.prompt, 16));
  {
    std::mt19937 rng(7);
    for (auto& t : prompt) t = 3 + static_cast<int>(rng() % static_cast<unsigned>(n_vocab - 3));
    prompt[0] = llama_vocab_bos(llama_model_get_vocab(model));
  }
  bool ok = true;
  std::string failures;
  auto check = [&](bool passed, const std::string& what) {
    if (!passed) {
      ok = false;
      failures += (failures.empty() ? "" : "; ") + what;
    }
  };

  // 1. All positions: c·v at direction L.
  const int P = 32;
  const float c = 4.0f;
  double rel_all = 0, before_moved = 0, cleared_diff = 0, next_moved = 0;
  {
    Hook hook;
    hook.n_embd = n_embd;
    hook.capture = {L - 1, L, L + 1};
    llama_context* ctx = MakeContext(model, o, 256, P, &hook);
    check(ctx != nullptr, "capture context");
    if (ctx) {
      std::vector<float> cvec(cvec_len, 0.0f);
      const std::vector<float> v = Random(n_embd, 11, 1.0f);
      for (int i = 0; i < n_embd; i++) cvec[static_cast<size_t>(L - 1) * n_embd + i] = c * v[i];
      auto run = [&](const float* data) {
        hook.rows.clear();
        llama_memory_clear(llama_get_memory(ctx), true);
        llama_set_adapter_cvec(ctx, data, data ? cvec_len : 0, n_embd, data ? L : -1, data ? L : -1);
        check(Decode(ctx, prompt, 0, P, &hook), "decode (all positions) " + hook.error);
        return hook.rows;
      };
      auto plain = run(nullptr);
      auto steered = run(cvec.data());
      auto cleared = run(nullptr);
      for (int p = 0; p < P; p++) {
        std::vector<float> diff(n_embd), expected(n_embd);
        for (int i = 0; i < n_embd; i++) {
          diff[i] = steered[L][static_cast<size_t>(p) * n_embd + i] - plain[L][static_cast<size_t>(p) * n_embd + i];
          expected[i] = c * v[i];
        }
        rel_all = std::max(rel_all, RelativeError(diff.data(), expected.data(), n_embd));
      }
      if (L - 1 >= 0) before_moved = MaxAbsDiff(steered[L - 1], plain[L - 1]);
      next_moved = RelativeError(steered[L + 1].data(), plain[L + 1].data(), plain[L + 1].size());
      for (int layer : hook.capture) cleared_diff = std::max(cleared_diff, MaxAbsDiff(cleared[layer], plain[layer]));
      llama_free(ctx);
    }
    check(rel_all < 1e-4, "all positions: l_out-L moved by other than c*v");
    check(before_moved == 0, "all positions: the layer before moved");
    check(next_moved > 1e-3, "all positions: the shift did not reach the next layer");
    check(cleared_diff == 0, "clearing the vector did not restore the unsteered residuals");
  }

  // 2. ActAdd front: per-token rows in one batch vs one token at a time with the vector set.
  const int K = 6;
  double rel_front_layer = 0, rel_front_next = 0, front_untouched = 0;
  {
    std::vector<std::vector<float>> front(K);
    for (int i = 0; i < K; i++) {
      front[i].assign(cvec_len, 0.0f);
      const auto v = Random(n_embd, 100 + i, c);
      std::copy(v.begin(), v.end(), front[i].begin() + static_cast<size_t>(L - 1) * n_embd);
    }
    Hook hook;
    hook.n_embd = n_embd;
    hook.capture = {L, L + 1};
    llama_context* ctx = MakeContext(model, o, 256, P, &hook);
    check(ctx != nullptr, "front context");
    if (ctx) {
      // Unsteered and batched (rows 1..K-1 get their vectors; row 0 is BOS, as in ActAdd).
      auto batched = [&](bool steer) {
        hook.rows.clear();
        hook.adds.clear();
        if (steer) for (int i = 1; i < K; i++) hook.adds.push_back({i, &front[i], L});
        llama_memory_clear(llama_get_memory(ctx), true);
        check(Decode(ctx, prompt, 0, P, &hook), "decode (batched front) " + hook.error);
        hook.adds.clear();
        return hook.rows;
      };
      auto plain = batched(false);
      auto steered = batched(true);
      // One token at a time with llama.cpp's control vector, then the rest unsteered.
      hook.rows.clear();
      llama_memory_clear(llama_get_memory(ctx), true);
      for (int i = 0; i < K && ok; i++) {
        if (i == 0) llama_set_adapter_cvec(ctx, nullptr, 0, n_embd, -1, -1);
        else llama_set_adapter_cvec(ctx, front[i].data(), cvec_len, n_embd, L, L);
        check(Decode(ctx, prompt, i, i + 1, &hook), "decode (one at a time) " + hook.error);
      }
      llama_set_adapter_cvec(ctx, nullptr, 0, n_embd, -1, -1);
      check(Decode(ctx, prompt, K, P, &hook), "decode (rest) " + hook.error);
      auto reference = hook.rows;
      for (int p = 0; p < P; p++) {
        const float* s = steered[L].data() + static_cast<size_t>(p) * n_embd;
        const float* u = plain[L].data() + static_cast<size_t>(p) * n_embd;
        std::vector<float> diff(n_embd), expected(n_embd, 0.0f);
        for (int i = 0; i < n_embd; i++) diff[i] = s[i] - u[i];
        if (p >= 1 && p < K) {
          for (int i = 0; i < n_embd; i++) expected[i] = front[p][static_cast<size_t>(L - 1) * n_embd + i];
          rel_front_layer = std::max(rel_front_layer, RelativeError(diff.data(), expected.data(), n_embd));
        } else {
          for (float d : diff) front_untouched = std::max(front_untouched, static_cast<double>(std::fabs(d)));
        }
      }
      rel_front_next = RelativeError(steered[L + 1].data(), reference[L + 1].data(), reference[L + 1].size());
      llama_free(ctx);
    }
    check(rel_front_layer < 1e-4, "front: a steered row moved by other than its vector");
    check(front_untouched == 0, "front: an unsteered row moved at the layer");
    check(rel_front_next < 1e-4, "front: batched and one-at-a-time disagree at the next layer");
  }

  // 3. Speed: prefill and greedy decode, unsteered vs a vector on every layer.
  std::vector<double> prefill_plain, prefill_steered, decode_plain, decode_steered;
  // Graph reuse during decode (llama.cpp rebuilds nothing for a token whose graph matches the
  // last one): the share of decoded tokens that reused it, unsteered and steered.
  std::vector<double> reuse_plain, reuse_steered;
  {
    llama_context* ctx = MakeContext(model, o, o.prompt + o.gen + 16, std::min(o.prompt, 512), nullptr);
    check(ctx != nullptr, "speed context");
    const std::vector<float> all = Random(cvec_len, 5, 0.05f);
    for (int round = 0; ctx && round < o.rounds * 2 + 2; round++) {
      const bool steered = (round % 2 == 1) != (round / 2 % 2 == 1);  // ABBA order
      llama_memory_clear(llama_get_memory(ctx), true);
      llama_set_adapter_cvec(ctx, steered ? all.data() : nullptr, steered ? all.size() : 0, n_embd, steered ? 1 : -1, steered ? n_layer - 1 : -1);
      auto start = std::chrono::steady_clock::now();
      bool good = true;
      for (int from = 0; from < o.prompt && good; from += 512) good = Decode(ctx, prompt, from, std::min(o.prompt, from + 512), nullptr);
      llama_synchronize(ctx);
      const double prefill = Seconds(start);
      const int reused_before = llama_perf_context(ctx).n_reused;
      start = std::chrono::steady_clock::now();
      std::vector<llama_token> seq(prompt.begin(), prompt.begin() + o.prompt);
      for (int g = 0; g < o.gen && good; g++) {
        const float* logits = llama_get_logits_ith(ctx, -1);
        int best = 0;
        for (int t = 1; t < n_vocab; t++) if (logits[t] > logits[best]) best = t;
        seq.push_back(best);
        good = Decode(ctx, seq, static_cast<int>(seq.size()) - 1, static_cast<int>(seq.size()), nullptr);
      }
      llama_synchronize(ctx);
      const double decode = Seconds(start);
      const int reused = llama_perf_context(ctx).n_reused - reused_before;
      check(good, "speed decode");
      if (round < 2) continue;  // warm-up of each side (graph reserve, caches)
      (steered ? reuse_steered : reuse_plain).push_back(static_cast<double>(reused) / o.gen);
      (steered ? prefill_steered : prefill_plain).push_back(o.prompt / prefill);
      (steered ? decode_steered : decode_plain).push_back(o.gen / decode);
    }
    if (ctx) llama_free(ctx);
  }
  std::vector<double> decode_ratio, prefill_ratio;
  for (size_t i = 0; i < std::min(decode_plain.size(), decode_steered.size()); i++) {
    decode_ratio.push_back(decode_steered[i] / decode_plain[i]);
    prefill_ratio.push_back(prefill_steered[i] / prefill_plain[i]);
  }
  const double model_bytes = static_cast<double>(llama_model_size(model));

  FILE* out = std::fopen(argv[2], "w");
  if (!out) return 1;
  auto list = [&](const std::vector<double>& v) {
    std::string s = "[";
    for (size_t i = 0; i < v.size(); i++) s += (i ? ", " : "") + std::to_string(v[i]);
    return s + "]";
  };
  std::fprintf(out,
               "{\n  \"ok\": %s,\n  \"failures\": \"%s\",\n  \"system\": \"%s\",\n  \"model\": {\"n_embd\": %d, \"n_layer\": %d, \"n_vocab\": %d, \"bytes\": %.0f, \"load_s\": %.3f, \"gpu_layers\": %d},\n"
               "  \"exactness\": {\"layer\": %d, \"all_positions_rel_error\": %.3e, \"layer_before_max_abs_change\": %.3e, \"next_layer_rel_change\": %.3e, \"cleared_max_abs_diff\": %.3e,\n"
               "    \"front_rows_rel_error\": %.3e, \"front_other_rows_max_abs_change\": %.3e, \"front_batched_vs_one_at_a_time_next_layer_rel_error\": %.3e},\n"
               "  \"speed\": {\"prompt_tokens\": %d, \"generated_tokens\": %d, \"rounds\": %zu,\n"
               "    \"prefill_tok_s_unsteered\": %s, \"prefill_tok_s_steered\": %s, \"decode_tok_s_unsteered\": %s, \"decode_tok_s_steered\": %s,\n"
               "    \"decode_ratio_median\": %.4f, \"prefill_ratio_median\": %.4f, \"decode_bytes_per_s_unsteered\": %.4e,\n"
               "    \"decode_graph_reuse_unsteered\": %s, \"decode_graph_reuse_steered\": %s}\n}\n",
               ok ? "true" : "false", failures.c_str(), llama_print_system_info(), n_embd, n_layer, n_vocab, model_bytes, load_s, o.ngl, L,
               rel_all, before_moved, next_moved, cleared_diff, rel_front_layer, front_untouched, rel_front_next, o.prompt, o.gen,
               decode_ratio.size(), list(prefill_plain).c_str(), list(prefill_steered).c_str(), list(decode_plain).c_str(),
               list(decode_steered).c_str(), decode_ratio.empty() ? 0.0 : Median(decode_ratio),
               prefill_ratio.empty() ? 0.0 : Median(prefill_ratio), decode_plain.empty() ? 0.0 : Median(decode_plain) * model_bytes,
               list(reuse_plain).c_str(), list(reuse_steered).c_str());
  std::fclose(out);
  llama_model_free(model);
  llama_backend_free();
  std::printf("%s\n", ok ? "steer-check: all checks passed" : ("steer-check: FAILED: " + failures).c_str());
  return ok ? 0 : 1;
}
