#include "capture.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "AddonContext.h"

namespace steering {

namespace {

// One token's per-position vector within the batch being evaluated.
struct RowInjection {
  size_t row = 0;
  const std::vector<float>* vector = nullptr;  // n_embd * (n_layer - 1), direction 1 first
  int32_t il_start = -1;
  int32_t il_end = -1;
};

struct CaptureState {
  const LlamaApi* api = nullptr;
  const std::vector<int32_t>* layers = nullptr;
  std::vector<std::vector<float>>* out = nullptr;
  std::vector<int> seen;  // captures per layer within the current segment
  std::vector<RowInjection> injections;  // of the current batch
  int32_t n_embd = 0;
  int32_t n_layer = 0;
  size_t row_offset = 0;
  size_t rows = 0;
  std::vector<float> row;  // scratch for one row
  std::string error;
};

// N when `tensor` is `l_out-N`, else -1.
long LayerOf(const ggml_tensor* tensor) {
  static const char kPrefix[] = "l_out-";
  if (std::strncmp(tensor->name, kPrefix, sizeof(kPrefix) - 1) != 0) return -1;
  char* end = nullptr;
  const long layer = std::strtol(tensor->name + sizeof(kPrefix) - 1, &end, 10);
  if (end == nullptr || *end != '\0') return -1;
  return layer;
}

// Index of `layer` in the requested layers, else -1.
int RequestedIndex(const CaptureState& state, long layer) {
  const auto& layers = *state.layers;
  for (size_t i = 0; i < layers.size(); i++) {
    if (layers[i] == layer) return static_cast<int>(i);
  }
  return -1;
}

bool InjectsAt(const CaptureState& state, long layer) {
  for (const auto& injection : state.injections) {
    if (layer >= injection.il_start && layer <= injection.il_end) return true;
  }
  return false;
}

bool HasRowLayout(const CaptureState& state, const ggml_tensor* tensor) {
  return tensor->type == GGML_TYPE_F32 && tensor->ne[0] == state.n_embd && tensor->ne[2] == 1 &&
         tensor->ne[3] == 1 && state.api->is_contiguous(tensor);
}

// Adds each injected row's vector for `layer` to its row of the tensor, as llama.cpp's control
// vector add would (one f32 add per element), before any later node reads it: the eval callback
// runs after the node is computed and before the graph continues.
bool Inject(CaptureState& state, ggml_tensor* tensor, long layer) {
  if (!HasRowLayout(state, tensor)) {
    state.error = std::string("unexpected shape or type of ") + tensor->name;
    return false;
  }
  if (static_cast<size_t>(tensor->ne[1]) != state.rows) {
    // The last block's output keeps only the output rows (llama.cpp filters them before its FFN).
    // It feeds nothing but the logits, which a prompt pass does not sample, and no KV cache.
    if (layer == state.n_layer - 1) return true;
    state.error = std::string("unexpected row count of ") + tensor->name;
    return false;
  }
  const size_t row_bytes = static_cast<size_t>(state.n_embd) * sizeof(float);
  state.row.resize(state.n_embd);
  for (const auto& injection : state.injections) {
    if (layer < injection.il_start || layer > injection.il_end) continue;
    const float* add = injection.vector->data() + static_cast<size_t>(layer - 1) * state.n_embd;
    state.api->tensor_get(tensor, state.row.data(), injection.row * row_bytes, row_bytes);
    for (int32_t i = 0; i < state.n_embd; i++) state.row[i] += add[i];
    state.api->tensor_set(tensor, state.row.data(), injection.row * row_bytes, row_bytes);
  }
  return true;
}

bool OnEval(ggml_tensor* tensor, bool ask, void* user_data) {
  auto& state = *static_cast<CaptureState*>(user_data);
  const long layer = LayerOf(tensor);
  if (layer < 0) return ask ? false : true;
  const int index = RequestedIndex(state, layer);
  const bool injects = InjectsAt(state, layer);
  if (ask) return index >= 0 || injects;
  if (injects && !Inject(state, tensor, layer)) return false;
  if (index < 0) return true;

  // When the last layer is captured every token is an output, so its row filtering (ggml_get_rows
  // over the output ids) keeps all rows in order.
  if (!HasRowLayout(state, tensor) || static_cast<size_t>(tensor->ne[1]) != state.rows) {
    state.error = std::string("unexpected shape or type of ") + tensor->name;
    return false;
  }
  float* destination = (*state.out)[index].data() + state.row_offset * state.n_embd;
  state.api->tensor_get(tensor, destination, 0, state.rows * state.n_embd * sizeof(float));
  state.seen[index]++;
  return true;
}

}  // namespace

bool RunCapture(const ContextAccess& access, const CaptureRequest& request, CaptureResult& result,
                std::string& error) {
  const LlamaApi& api = *access.api;

  // Batches: runs of consecutive vector-free segments share one decode; a segment with a vector
  // is decoded on its own with that vector set.
  struct Batch {
    size_t first = 0;
    size_t count = 0;
    size_t tokens = 0;
  };
  std::vector<Batch> batches;
  size_t total = 0;
  int32_t n_seq = 1;
  for (size_t i = 0; i < request.segments.size(); i++) {
    const auto& segment = request.segments[i];
    const bool joins = !batches.empty() && segment.vector.empty() &&
                       request.segments[batches.back().first].vector.empty();
    if (!joins) batches.push_back({i, 0, 0});
    batches.back().count++;
    batches.back().tokens += segment.tokens.size();
    total += segment.tokens.size();
    n_seq = std::max(n_seq, segment.sequence + 1);
  }
  size_t longest = 1;
  for (const auto& batch : batches) longest = std::max(longest, batch.tokens);

  CaptureState state;
  state.api = &api;
  state.layers = &request.layers;
  state.out = &result.residuals;
  state.n_embd = access.n_embd;
  state.n_layer = access.n_layer;
  result.residuals.assign(request.layers.size(), std::vector<float>(total * access.n_embd, 0.0f));
  result.n_tokens = total;

  const llama_context_params& generation = access.addon_context->context_params;
  llama_context_params params = api.context_default_params();
  params.n_ctx = static_cast<uint32_t>(((total + 255) / 256) * 256);
  params.n_batch = static_cast<uint32_t>(longest);
  params.n_ubatch = static_cast<uint32_t>(longest);
  params.n_seq_max = static_cast<uint32_t>(n_seq);
  params.kv_unified = true;  // sequences share the cells, so n_ctx only needs the total
  params.n_threads = generation.n_threads;
  params.n_threads_batch = generation.n_threads_batch;
  params.flash_attn_type = generation.flash_attn_type;
  params.type_k = generation.type_k;
  params.type_v = generation.type_v;
  params.no_perf = true;
  params.embeddings = false;
  params.cb_eval = OnEval;
  params.cb_eval_user_data = &state;

  llama_context* ctx = api.init_from_model(const_cast<llama_model*>(access.model), params);
  if (ctx == nullptr) {
    error = "could not create a temporary context to read activations (out of memory?)";
    return false;
  }

  // Only a captured last layer needs every row; otherwise one output per batch (llama_decode
  // wants one) spares computing logits nobody reads.
  const bool all_outputs =
      std::find(request.layers.begin(), request.layers.end(), access.n_layer - 1) != request.layers.end();
  bool ok = true;
  size_t row = 0;
  std::vector<llama_pos> next_position(n_seq, 0);
  for (const auto& group : batches) {
    const auto& head = request.segments[group.first];
    const int32_t set = head.vector.empty()
                            ? api.set_adapter_cvec(ctx, nullptr, 0, access.n_embd, -1, -1)
                            : api.set_adapter_cvec(ctx, head.vector.data(), head.vector.size(), access.n_embd,
                                                   head.il_start, head.il_end);
    if (set != 0) {
      error = "llama.cpp rejected the control vector for the capture context";
      ok = false;
      break;
    }
    llama_batch batch = api.batch_init(static_cast<int32_t>(group.tokens), 0, 1);
    state.injections.clear();
    int32_t n = 0;
    for (size_t s = group.first; s < group.first + group.count; s++) {
      const auto& segment = request.segments[s];
      for (size_t t = 0; t < segment.tokens.size(); t++) {
        if (!segment.row_vectors.empty()) {
          state.injections.push_back({static_cast<size_t>(n), &segment.row_vectors[t], segment.il_start, segment.il_end});
        }
        batch.token[n] = segment.tokens[t];
        batch.pos[n] = next_position[segment.sequence]++;
        batch.n_seq_id[n] = 1;
        batch.seq_id[n][0] = segment.sequence;
        batch.logits[n] = all_outputs || static_cast<size_t>(n) + 1 == group.tokens ? 1 : 0;
        n++;
      }
    }
    batch.n_tokens = n;
    state.row_offset = row;
    state.rows = group.tokens;
    state.seen.assign(request.layers.size(), 0);
    const int32_t status = api.decode(ctx, batch);
    api.batch_free(batch);
    if (!state.error.empty()) {
      error = state.error;
      ok = false;
      break;
    }
    if (status != 0) {
      error = "llama_decode failed while reading activations (status " + std::to_string(status) +
              "; are the token ids valid for this model?)";
      ok = false;
      break;
    }
    for (size_t i = 0; i < request.layers.size() && ok; i++) {
      if (state.seen[i] != 1) {
        error = "layer l_out-" + std::to_string(request.layers[i]) + " was not observed during evaluation";
        ok = false;
      }
    }
    if (!ok) break;
    row += group.tokens;
  }

  if (ok && !request.state_path.empty()) {
    std::vector<llama_token> tokens;
    for (const auto& segment : request.segments) {
      tokens.insert(tokens.end(), segment.tokens.begin(), segment.tokens.end());
    }
    if (n_seq != 1 || api.state_seq_save_file(ctx, request.state_path.c_str(), 0, tokens.data(), tokens.size()) == 0) {
      error = "could not save the evaluated sequence state to " + request.state_path;
      ok = false;
    }
  }

  api.free_context(ctx);
  return ok;
}

}  // namespace steering
