// The lesson player: the step's narration, its question (predict, then reveal), next and previous,
// progress through the lesson; a comparison's two distribution times; a sweep's chart against the
// bounds. Without a lesson open, the picker of shipped lessons.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "imgui.h"
#include "lesson_library.h"
#include "palette.h"
#include "panels.h"

namespace swarmscope {

namespace {

struct PickerEntry {
    std::string name, title, summary;
};

// Titles and summaries of the shipped lessons, read once.
const std::vector<PickerEntry>& picker_entries() {
    static const std::vector<PickerEntry> entries = [] {
        std::vector<PickerEntry> out;
        for (const ShippedLesson& l : shipped_lessons()) {
            Result<Lesson> lesson = parse_lesson(l.text, std::string(l.name));
            if (lesson) out.push_back({std::string(l.name), lesson->title, lesson->summary});
            else out.push_back({std::string(l.name), std::string(l.name) + " (does not load: " + lesson.error().message + ")", ""});
        }
        return out;
    }();
    return entries;
}

void draw_sweep(const ShellState& s, const LessonRun& run, UiOutput& out) {
    const LessonSweep& sweep = *run.lesson().sweep;
    const Palette& pal = palette(s.theme == Theme::dark, s.presentation);
    const std::vector<SweepPoint>& points = run.sweep();
    if (points.size() < sweep.configs.size())
        ImGui::TextDisabled("running the sweep: %zu of %zu swarms done...", points.size(), sweep.configs.size());
    else
        ImGui::TextDisabled("distribution time as %s grows: the swarm measured, against D_cs and D_p2p", sweep.setting.c_str());
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = std::max(120.0f, ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() * 1.2f);
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("sweep-chart", ImVec2(w, h));
    remember(out, "sweep-chart");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float font = ImGui::GetFontSize();
    const ImVec2 a(o.x + font * 3, o.y + 4), b(o.x + w - 8, o.y + h - font - 6);
    double y_max = 1;
    for (const SweepPoint& p : points) y_max = std::max({y_max, p.measured_s, p.bound_cs_s, p.bound_p2p_s});
    y_max *= 1.08;
    const size_t n = sweep.configs.size();
    // Numbers on a linear axis, so a line that grows linearly looks straight; other values evenly spaced.
    std::vector<double> at(n);
    bool numeric = true;
    for (size_t i = 0; i < n; ++i) {
        char* end = nullptr;
        at[i] = std::strtod(sweep.values[i].c_str(), &end);
        numeric = numeric && end != sweep.values[i].c_str() && *end == '\0';
    }
    const double lo = numeric ? std::min(0.0, *std::min_element(at.begin(), at.end())) : 0;
    const double hi = numeric ? *std::max_element(at.begin(), at.end()) : static_cast<double>(n - 1);
    auto X = [&](size_t i) {
        const double v = numeric ? at[i] : static_cast<double>(i);
        return a.x + (b.x - a.x) * static_cast<float>(hi > lo ? (v - lo) / (hi - lo) : 0.5);
    };
    auto Y = [&](double t) { return b.y - static_cast<float>(t / y_max) * (b.y - a.y); };
    dl->AddRect(a, b, pal.grid);
    char label[64];
    std::snprintf(label, sizeof label, "%.0f s", y_max);
    dl->AddText(ImVec2(o.x + 2, a.y), pal.text_dim, label);
    dl->AddText(ImVec2(o.x + 2, b.y - font), pal.text_dim, "0");
    for (size_t i = 0; i < n; ++i) {
        const std::string& v = sweep.values[i];
        dl->AddText(ImVec2(X(i) - ImGui::CalcTextSize(v.c_str()).x * 0.5f, b.y + 3), pal.text_dim, v.c_str());
    }
    struct Series {
        double SweepPoint::*field;
        Colour colour;
        const char* name;
    } series[] = {{&SweepPoint::bound_cs_s, pal.free_rider, "D_cs (client-server)"},
                  {&SweepPoint::bound_p2p_s, pal.leecher, "D_p2p (peer-to-peer bound)"},
                  {&SweepPoint::measured_s, pal.have, "measured swarm"}};
    float legend_x = a.x + 6;
    for (const Series& k : series) {
        for (size_t i = 0; i + 1 < points.size(); ++i)
            if (points[i].*k.field >= 0 && points[i + 1].*k.field >= 0)
                dl->AddLine(ImVec2(X(i), Y(points[i].*k.field)), ImVec2(X(i + 1), Y(points[i + 1].*k.field)), k.colour, 2.5f * pal.line_scale);
        for (size_t i = 0; i < points.size(); ++i)
            if (points[i].*k.field >= 0) dl->AddCircleFilled(ImVec2(X(i), Y(points[i].*k.field)), 3.5f * pal.line_scale, k.colour);
        dl->AddText(ImVec2(legend_x, a.y + 2), k.colour, k.name);
        legend_x += ImGui::CalcTextSize(k.name).x + font;
    }
    if (!points.empty() && points.size() == n) {
        const SweepPoint& last = points.back();
        ImGui::Text("%s = %s: measured %.1f s, D_p2p %.1f s, D_cs %.1f s", sweep.setting.c_str(), last.value.c_str(), last.measured_s,
                    last.bound_p2p_s, last.bound_cs_s);
    }
}

void draw_question(const ShellState& s, const LessonRun& run, UiOutput& out) {
    const LessonQuestion& q = *run.current().question;
    const Palette& pal = palette(s.theme == Theme::dark, s.presentation);
    ImGui::Separator();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.highlight), "Question");
    ImGui::TextWrapped("%s", q.prompt.c_str());
    if (run.question_open()) {
        if (q.multiple_choice()) {
            // The letter is a button; the choice beside it wraps to the panel's width and answers when clicked too.
            for (size_t i = 0; i < q.choices.size(); ++i) {
                const std::string letter(1, static_cast<char>('A' + i));
                if (ImGui::Button((" " + letter + " ").c_str())) out.commands.push_back("lesson answer " + letter);
                remember(out, "answer-" + letter);
                ImGui::SameLine();
                ImGui::TextWrapped("%s", q.choices[i].c_str());
                if (ImGui::IsItemClicked()) out.commands.push_back("lesson answer " + letter);
            }
        } else {
            static char number[32] = "";
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
            const bool entered = ImGui::InputText("##answer", number, sizeof number, ImGuiInputTextFlags_EnterReturnsTrue |
                                                                                         ImGuiInputTextFlags_CharsScientific);
            remember(out, "answer-number");
            if (!q.unit.empty()) {
                ImGui::SameLine();
                ImGui::TextUnformatted(q.unit.c_str());
            }
            ImGui::SameLine();
            if ((ImGui::Button("Answer") || entered) && number[0]) {
                out.commands.push_back(std::string("lesson answer ") + number);
                number[0] = 0;
            }
        }
        if (ImGui::SmallButton("Skip the question")) out.commands.push_back("lesson skip");
        remember(out, "skip");
        ImGui::TextDisabled("The swarm waits for an answer. What do you predict?");
        return;
    }
    const std::string& given = *run.answered();
    if (given.empty()) {
        ImGui::TextDisabled("skipped");
    } else {
        const bool right = q.check(given).value_or(false);
        std::string answer = q.multiple_choice() ? q.choices[static_cast<size_t>(q.answer)] : "";
        if (!q.multiple_choice()) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%g%s%s", *q.number, q.unit.empty() ? "" : " ", q.unit.c_str());
            answer = buf;
        }
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(right ? pal.have : pal.free_rider), right ? "Right: %s" : "Not quite: the answer is %s",
                           answer.c_str());
    }
    if (!q.explain.empty()) ImGui::TextWrapped("%s", q.explain.c_str());
}

}  // namespace

void draw_lesson_picker(const ShellState& s, UiOutput& out) {
    (void)s;
    ImGui::TextWrapped("Lessons: each sets up a swarm and walks through it step by step. Pick one, or play with the swarm on the left.");
    ImGui::Spacing();
    for (const PickerEntry& e : picker_entries()) {
        ImGui::PushID(e.name.c_str());
        if (ImGui::Selectable(e.title.c_str())) out.commands.push_back("lesson open " + e.name);
        remember(out, "lesson-" + e.name);
        if (!e.summary.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", e.summary.c_str());
        ImGui::PopID();
    }
}

void draw_lesson(const ShellState& s, UiOutput& out) {
    const LessonRun* run = s.session.lesson();
    if (!run) {
        draw_lesson_picker(s, out);
        return;
    }
    const Palette& pal = palette(s.theme == Theme::dark, s.presentation);
    const size_t k = run->step(), n = run->step_count();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.highlight), "%s", run->lesson().title.c_str());
    char progress[64];
    std::snprintf(progress, sizeof progress, "step %zu of %zu", k + 1, n);
    ImGui::ProgressBar(static_cast<float>(k + (run->at_step_end() ? 1 : 0)) / static_cast<float>(n), ImVec2(-1, 0), progress);
    // Previous / next, with what next will do.
    if (ImGui::Button("< Previous")) out.commands.push_back("lesson prev");
    remember(out, "lesson-prev");
    ImGui::SameLine();
    const bool open_question = run->question_open();
    const char* next = s.session.lesson_playing() ? "Jump to the step's end >"
                       : !run->at_step_end() && run->current().moves() ? "Play this step >"
                       : k + 1 < n ? "Next step >" : "Last step";
    ImGui::BeginDisabled(open_question || (run->at_step_end() && k + 1 >= n));
    if (ImGui::Button(next)) out.commands.push_back("lesson next");
    ImGui::EndDisabled();
    remember(out, "lesson-next");
    ImGui::SameLine();
    if (ImGui::SmallButton("Close")) out.commands.push_back("lesson close");
    ImGui::SameLine();
    if (ImGui::SmallButton("Edit")) out.commands.push_back("panel editor show");
    remember(out, "lesson-edit");
    ImGui::Separator();
    // A sweep's chart is what the class looks at: it keeps the bottom of the panel, the text scrolls above.
    const bool sweep = run->lesson().sweep.has_value();
    const float chart_h = sweep ? std::max(150.0f, ImGui::GetContentRegionAvail().y * (run->question_open() ? 0.36f : 0.58f)) : 0;
    ImGui::BeginChild("lesson-text", ImVec2(0, sweep ? std::max(60.0f, ImGui::GetContentRegionAvail().y - chart_h) : 0));
    ImGui::TextWrapped("%s", run->current().text.c_str());
    if (run->current().question) draw_question(s, *run, out);
    if (run->lesson().compare) {
        ImGui::Separator();
        const LessonCompare& c = *run->lesson().compare;
        if (const std::optional<CompareOutcome>& o = run->compare_result()) {
            ImGui::Text("distribution time  %s: %s   %s: %s", c.label.c_str(), distribution_time_text(o->time_s).c_str(), c.other_label.c_str(),
                        distribution_time_text(o->other_time_s).c_str());
            if (o->time_s >= 0 && o->other_time_s >= 0)
                ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.highlight), "difference: %+.1f s (%+.0f %%)", o->other_time_s - o->time_s,
                                   o->time_s > 0 ? 100 * (o->other_time_s - o->time_s) / o->time_s : 0.0);
            else if ((o->time_s < 0) != (o->other_time_s < 0))
                ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.highlight), "only %s ever gets every leecher the whole file",
                                   (o->time_s >= 0 ? c.label : c.other_label).c_str());
        } else {
            ImGui::TextDisabled("running both swarms to the end...");
        }
    }
    for (const LessonFailure& f : run->failures())
        if (f.step == k && run->at_step_end()) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.free_rider), "check failed: %s", f.what.c_str());
    ImGui::EndChild();
    if (sweep) {
        ImGui::Separator();
        draw_sweep(s, *run, out);
    }
}

}  // namespace swarmscope
