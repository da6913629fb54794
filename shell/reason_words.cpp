#include "reason_words.h"

#include "error_words.h"
#include "i18n.h"

namespace swarmscope {

namespace {

std::string seconds_words(SimTime t) { return tr("reason.seconds", {seconds_figure(t)}); }

std::string ordinal(int n) { return language() == "en" ? english_ordinal(n) : tr("reason.ordinal", {std::to_string(n)}); }

}  // namespace

const char* stage_words(InFlightStage stage) {
    switch (stage) {
        case InFlightStage::queued: return tr("inflight.stage.queued");
        case InFlightStage::transmitting: return tr("inflight.stage.transmitting");
        case InFlightStage::propagating: return tr("inflight.stage.propagating");
    }
    return "?";
}

std::string error_words(const Error& error) {
    if (error.key.empty()) return error.message;
    // A value that is a kind of JSON value ("a list") is told in the page's language too.
    std::vector<std::string> args = error.args;
    for (std::string& a : args)
        for (const ErrorWords& w : error_table())
            if (std::string_view(w.key).starts_with("err.kind.") && a == w.english) a = tr(w.key);
    return tr(error.key.c_str(), args);
}

std::string condition_error_words(const Error& error) {
    if (error.key.empty()) return error.message;
    return tr("err.at_column", {std::to_string(error.offset), error_words(error)});
}

std::string fastest_words(int rank) { return rank == 1 ? tr("reason.fastest_1") : tr("reason.fastest_n", {ordinal(rank)}); }

std::string choke_reason_words(const ChokeReason& r, bool as_seed, const ChokeWording& c) {
    const std::string id = std::to_string(r.id), top = std::to_string(c.top);
    switch (r.why) {
        case ChokeWhy::by_rate:
            return tr(as_seed ? "reason.by_rate.seed" : "reason.by_rate", {id, fastest_words(r.rank), format_rate(r.rate)}) +
                   (r.tied ? tr("reason.tie_won") : "");
        case ChokeWhy::below_top:
            return tr(as_seed ? "reason.below_top.seed" : "reason.below_top", {id, fastest_words(r.rank), format_rate(r.rate), top}) +
                   (r.tied ? tr("reason.tie_lost") : "");
        case ChokeWhy::not_interested: return tr("reason.not_interested", {id});
        case ChokeWhy::faster_uninterested: return tr(as_seed ? "reason.faster_uninterested.seed" : "reason.faster_uninterested", {id});
        case ChokeWhy::optimistic_new: {
            const char* key = c.pool_of_choked ? (c.pool == 1 ? "reason.optimistic_new.only_choked" : "reason.optimistic_new.choked")
                                               : (c.pool == 1 ? "reason.optimistic_new.only_outside" : "reason.optimistic_new.outside");
            return tr(key, {id, std::to_string(c.pool), top});
        }
        case ChokeWhy::optimistic_kept: return tr("reason.optimistic_kept", {id, seconds_words(c.optimistic_period)});
        case ChokeWhy::seed_kept: return tr("reason.seed_kept", {id, seconds_words(r.held)});
        case ChokeWhy::seed_free: return tr("reason.seed_free", {id, seconds_words(r.waited)});
        case ChokeWhy::seed_waiting: return tr("reason.seed_waiting", {id, seconds_words(r.waited)});
    }
    return r.text;
}

std::string request_preview_words(const RequestPreview& r) {
    const std::string piece = std::to_string(r.piece), from = std::to_string(r.from);
    const std::string block = std::to_string(r.begin / block_size), candidates = std::to_string(r.candidates);
    switch (r.reason) {
        case PickReason::random_first: return tr("next.random_first", {candidates, from});
        case PickReason::rarest: {
            const char* key = r.copies == 1 ? (r.neighbours == 1 ? "next.copies.1.1" : "next.copies.1.n")
                                            : (r.neighbours == 1 ? "next.copies.n.1" : "next.copies.n.n");
            const std::string copies = tr(key, {std::to_string(r.copies), std::to_string(r.neighbours)});
            if (r.candidates == 1) return tr("next.rarest", {piece, from, copies});
            return tr("next.rarest_tied", {candidates, from, copies});
        }
        case PickReason::partial: return tr("next.partial", {piece, block, from});
        case PickReason::random_piece: return tr("next.random", {candidates, from});
        case PickReason::sequential: return tr("next.sequential", {piece, from});
        case PickReason::endgame: return tr("next.endgame", {piece, block, from});
    }
    return r.text;
}

const char* step_unit_words(StepUnit u) {
    switch (u) {
        case StepUnit::event: return tr("timeline.unit.event");
        case StepUnit::message: return tr("timeline.unit.message");
        case StepUnit::announce: return tr("timeline.unit.announce");
        case StepUnit::choke_round: return tr("timeline.unit.choke_round");
        case StepUnit::optimistic_round: return tr("timeline.unit.optimistic_round");
        case StepUnit::piece: return tr("timeline.unit.piece");
        case StepUnit::completion: return tr("timeline.unit.completion");
    }
    return step_unit_name(u);
}

std::string narration_words(const NarrationEntry& entry) {
    if (entry.phrases.empty()) return entry.text;
    std::string out;
    for (const Phrase& p : entry.phrases) out += tr(p.key, p.args);
    return out;
}

}  // namespace swarmscope
