// Reaching node-llama-cpp's native llama_context from the JS objects it hands out.
// This depends on node-llama-cpp internals (AddonContext / AddonModel field layout), so every
// access is validated first; a mismatch is reported as an error, never dereferenced blindly.
#pragma once

#include <napi.h>

#include <string>

#include "llama-api.h"

class AddonContext;
class AddonModel;

namespace steering {

struct ExpectedContextShape {
  uint32_t sequences = 0;
  uint32_t batch_size = 0;
};

struct ContextAccess {
  AddonContext* addon_context = nullptr;
  AddonModel* addon_model = nullptr;
  llama_context* ctx = nullptr;
  const llama_model* model = nullptr;
  int32_t n_embd = 0;
  int32_t n_layer = 0;
  const LlamaApi* api = nullptr;
};

// Validates that `context_object` (LlamaContext._ctx) and `model_object` (LlamaModel._model)
// are node-llama-cpp's native objects with the layout this addon was compiled against.
// Returns false with a human-readable `error` otherwise.
bool AccessContext(napi_env env, napi_value context_object, napi_value model_object,
                   const ExpectedContextShape& expected, ContextAccess& out, std::string& error);

}  // namespace steering
