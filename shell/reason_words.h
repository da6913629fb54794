// The core's reasons and narration, told in the page's language: a choking round's decision for each
// neighbour, the next request a peer will make, the narration's entries, a message's stage and the
// errors of conditions, lessons and set-ups. The core keeps them as data (ChokeReason, RequestPreview) with
// English words for the command line; in English these say exactly what the core says (a test checks).
#pragma once
#include <string>

#include "choker.h"
#include "controller.h"
#include "in_flight.h"
#include "narration.h"
#include "request_preview.h"
#include "result.h"

namespace swarmscope {

std::string choke_reason_words(const ChokeReason& reason, bool as_seed, const ChokeWording& wording);
std::string request_preview_words(const RequestPreview& preview);
// A step unit's name: "choke round", "ronda de choking" (commands take unit_word).
const char* step_unit_words(StepUnit unit);
// A narration entry, clause by clause (its English text when it has no phrases).
std::string narration_words(const NarrationEntry& entry);
// Where a message in flight is: queued, being sent, on the wire.
const char* stage_words(InFlightStage stage);
// An error in the page's language: its keyed words (Error::key and args), or its English message when it
// has no key. Without its place: a condition's column and a lesson's line are the caller's to add.
std::string error_words(const Error& error);
// A breakpoint condition's error with its column: "column 7: expected ...", "7열: ...".
std::string condition_error_words(const Error& error);
// "fastest", "2nd fastest"; "el más rápido", "el 2.º más rápido"; "가장 빠른", "2번째로 빠른".
std::string fastest_words(int rank);

}  // namespace swarmscope
