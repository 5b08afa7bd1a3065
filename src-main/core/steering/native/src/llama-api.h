// Function pointers into the libllama / libggml-base that node-llama-cpp already loaded.
// We never link llama.cpp: resolving at runtime keeps one addon binary working with whichever
// prebuilt variant (CPU, CUDA, Vulkan, Metal) node-llama-cpp picked.
#pragma once

#include <string>

#include "ggml-backend.h"
#include "ggml.h"
#include "llama.h"

namespace steering {

struct LlamaApi {
  decltype(&llama_set_adapter_cvec) set_adapter_cvec = nullptr;
  decltype(&llama_context_default_params) context_default_params = nullptr;
  decltype(&llama_init_from_model) init_from_model = nullptr;
  decltype(&llama_free) free_context = nullptr;
  decltype(&llama_decode) decode = nullptr;
  decltype(&llama_batch_init) batch_init = nullptr;
  decltype(&llama_batch_free) batch_free = nullptr;
  decltype(&llama_get_model) get_model = nullptr;
  decltype(&llama_model_n_embd) model_n_embd = nullptr;
  decltype(&llama_model_n_layer) model_n_layer = nullptr;
  decltype(&llama_n_ctx) n_ctx = nullptr;
  decltype(&llama_state_seq_save_file) state_seq_save_file = nullptr;
  decltype(&ggml_backend_tensor_get) tensor_get = nullptr;
  decltype(&ggml_backend_tensor_set) tensor_set = nullptr;
  decltype(&ggml_nbytes) nbytes = nullptr;
  decltype(&ggml_is_contiguous) is_contiguous = nullptr;
};

// Resolves every symbol, preferring libraries that live in the same directory as `anchor`
// (an address inside node-llama-cpp's addon image), so that when several variants are loaded we
// call into the one that owns the context. Returns false and fills `error` when a symbol is missing.
bool ResolveLlamaApi(const void* anchor, LlamaApi& api, std::string& error);

// Path of the loaded image that contains `address`, or "" when unknown.
std::string ImagePathOf(const void* address);

// True when `size` bytes at `address` can be read without faulting.
bool IsReadable(const void* address, size_t size);

}  // namespace steering
