// The core's reasons and narration, told in the page's language: a choking round's decision for each
// neighbour, the next request a peer will make, and the narration's entries. The core keeps them as data (ChokeReason, RequestPreview) with
// English words for the command line; in English these say exactly what the core says (a test checks).
#pragma once
#include <string>

#include "choker.h"
#include "controller.h"
#include "narration.h"
#include "request_preview.h"

namespace swarmscope {

std::string choke_reason_words(const ChokeReason& reason, bool as_seed, const ChokeWording& wording);
std::string request_preview_words(const RequestPreview& preview);
// A step unit's name: "choke round", "ronda de choking" (commands take unit_word).
const char* step_unit_words(StepUnit unit);
// A narration entry, clause by clause (its English text when it has no phrases).
std::string narration_words(const NarrationEntry& entry);
// "fastest", "2nd fastest"; "el más rápido", "el 2.º más rápido"; "가장 빠른", "2번째로 빠른".
std::string fastest_words(int rank);

}  // namespace swarmscope
