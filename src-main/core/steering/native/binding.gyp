{
  # Built by scripts/build-native.mjs, which passes the -D variables below; see that script.
  "variables": {
    "nlc_llama_dir%": "",
    "napi_include_dir%": "",
    "nlc_version%": ""
  },
  "targets": [
    {
      "target_name": "steerling_steering",
      "sources": [
        "src/addon.cc",
        "src/capture.cc",
        "src/context-access.cc",
        "src/llama-api.cc"
      ],
      "include_dirs": [
        "<(napi_include_dir)",
        "<(nlc_llama_dir)/addon",
        "<(nlc_llama_dir)/llama.cpp/include",
        "<(nlc_llama_dir)/llama.cpp/ggml/include"
      ],
      "defines": [
        "NAPI_VERSION=7",
        "NAPI_DISABLE_CPP_EXCEPTIONS",
        "STEERLING_NODE_LLAMA_CPP_VERSION=\"<(nlc_version)\""
      ],
      "cflags_cc": ["-O2", "-Wall", "-Wno-unused-parameter"],
      "conditions": [
        ["OS=='linux'", { "libraries": ["-ldl"] }],
        ["OS=='mac'", {
          "xcode_settings": {
            "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
            "MACOSX_DEPLOYMENT_TARGET": "11.0",
            "OTHER_CPLUSPLUSFLAGS": ["-O2"]
          }
        }],
        ["OS=='win'", {
          "libraries": ["psapi.lib"],
          "msvs_settings": { "VCCLCompilerTool": { "AdditionalOptions": ["/std:c++17"] } }
        }]
      ]
    }
  ]
}
