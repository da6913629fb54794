// The lesson player: the step's narration, its question (predict, then reveal), next and previous,
// progress through the lesson; a comparison's two distribution times; a sweep's chart against the
// bounds. Without a lesson open, the picker of shipped lessons.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "formula_text.h"
#include "i18n.h"
#include "imgui.h"
#include "lesson_library.h"
#include "palette.h"
#include "panels.h"
#include "text_wrap.h"

namespace swarmscope {

namespace {

struct PickerEntry {
    std::string base;  // "joining": the lesson whatever its language
    std::string name;  // "joining" or "es/joining": the one the picker opens
    std::string title, summary;
};

// Titles and summaries of the shipped lessons in `lang`, read once per language: each top-level
// lesson, or its translation "LANG/NAME" where the language has one. Their words go to the glyphs.
const std::vector<PickerEntry>& picker_entries(const ShellState& s) {
    static std::map<std::string, std::vector<PickerEntry>> by_lang;
    if (auto it = by_lang.find(s.lang); it != by_lang.end()) return it->second;
    std::vector<PickerEntry> out;
    const std::vector<ShippedLesson>& shipped = shipped_lessons();
    for (const ShippedLesson& top : shipped) {
        if (top.name.find('/') != std::string_view::npos) continue;
        const ShippedLesson* l = &top;
        const std::string own = s.lang + "/" + std::string(top.name);
        if (s.lang != "en")
            for (const ShippedLesson& t : shipped)
                if (t.name == own) l = &t;
        Result<Lesson> lesson = parse_lesson(l->text, std::string(l->name));
        PickerEntry e{std::string(top.name), std::string(l->name), "", ""};
        if (lesson) {
            e.title = lesson->title;
            e.summary = lesson->summary;
        } else {
            e.title = tr("lesson.does_not_load", {e.name, lesson.error().message});
        }
        s.glyphs.need(e.title);
        s.glyphs.need(e.summary);
        out.push_back(std::move(e));
    }
    return by_lang.emplace(s.lang, std::move(out)).first->second;
}

// A number with `decimals` after the point, and its sign with `sign`.
std::string fixed(double v, int decimals, bool sign = false) {
    char buf[32];
    std::snprintf(buf, sizeof buf, sign ? "%+.*f" : "%.*f", decimals, v);
    return buf;
}

// The words of the step on screen, in whatever script the lesson is written, for the glyphs: once
// each time the lesson or its step changes.
void need_step_glyphs(const ShellState& s, const LessonRun& run) {
    static const LessonRun* seen_run = nullptr;
    static size_t seen_step = static_cast<size_t>(-1);
    static size_t seen_failures = 0;
    static std::string seen_title;  // a lesson opened in the place of the one before
    if (seen_run == &run && seen_step == run.step() && seen_failures == run.failures().size() && seen_title == run.lesson().title) return;
    seen_run = &run;
    seen_title = run.lesson().title;
    seen_step = run.step();
    seen_failures = run.failures().size();
    const Lesson& l = run.lesson();
    s.glyphs.need(l.title);
    const LessonStep& step = run.current();
    s.glyphs.need(step.text);
    if (step.question) {
        const LessonQuestion& q = *step.question;
        s.glyphs.need(q.prompt);
        for (const std::string& c : q.choices) s.glyphs.need(c);
        s.glyphs.need(q.unit);
        s.glyphs.need(q.explain);
    }
    if (l.compare) {
        s.glyphs.need(l.compare->label);
        s.glyphs.need(l.compare->other_label);
    }
    if (l.sweep) {
        s.glyphs.need(l.sweep->setting);
        for (const std::string& v : l.sweep->values) s.glyphs.need(v);
    }
    for (const LessonFailure& f : run.failures()) s.glyphs.need(f.what);
}

void draw_sweep(const ShellState& s, const LessonRun& run, UiOutput& out) {
    const LessonSweep& sweep = *run.lesson().sweep;
    const Palette& pal = palette(s.theme == Theme::dark, s.presentation);
    const std::vector<SweepPoint>& points = run.sweep();
    if (points.size() < sweep.configs.size())
        ImGui::TextDisabled("%s", tr("lesson.sweep_running", {std::to_string(points.size()), std::to_string(sweep.configs.size())}).c_str());
    else
        formula_text_wrapped(tr("lesson.sweep_caption", {sweep.setting}), ImGui::GetColorU32(ImGuiCol_TextDisabled));
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
    } series[] = {{&SweepPoint::bound_cs_s, pal.free_rider, tr("lesson.series.cs")},
                  {&SweepPoint::bound_p2p_s, pal.leecher, tr("lesson.series.p2p")},
                  {&SweepPoint::measured_s, pal.have, tr("lesson.series.measured")}};
    float legend_x = a.x + 6;
    for (const Series& k : series) {
        for (size_t i = 0; i + 1 < points.size(); ++i)
            if (points[i].*k.field >= 0 && points[i + 1].*k.field >= 0)
                dl->AddLine(ImVec2(X(i), Y(points[i].*k.field)), ImVec2(X(i + 1), Y(points[i + 1].*k.field)), k.colour, 2.5f * pal.line_scale);
        for (size_t i = 0; i < points.size(); ++i)
            if (points[i].*k.field >= 0) dl->AddCircleFilled(ImVec2(X(i), Y(points[i].*k.field)), 3.5f * pal.line_scale, k.colour);
        legend_x += formula_text_at(legend_x, a.y + 2, k.name, k.colour) + font;
    }
    if (!points.empty() && points.size() == n) {
        const SweepPoint& last = points.back();
        formula_text_wrapped(tr("lesson.sweep_last", {sweep.setting, last.value, fixed(last.measured_s, 1), fixed(last.bound_p2p_s, 1),
                                                      fixed(last.bound_cs_s, 1)}));
    }
}

void draw_question(const ShellState& s, const LessonRun& run, UiOutput& out) {
    const LessonQuestion& q = *run.current().question;
    const Palette& pal = palette(s.theme == Theme::dark, s.presentation);
    ImGui::Separator();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.highlight), "%s", tr("lesson.question"));
    formula_text_wrapped(q.prompt);
    if (run.question_open()) {
        if (q.multiple_choice()) {
            // The letter is a button; the choice beside it wraps to the panel's width and answers when clicked too.
            for (size_t i = 0; i < q.choices.size(); ++i) {
                const std::string letter(1, static_cast<char>('A' + i));
                if (ImGui::Button((" " + letter + " ").c_str())) out.commands.push_back("lesson answer " + letter);
                remember(out, "answer-" + letter);
                ImGui::SameLine();
                formula_text_wrapped(q.choices[i]);
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
            if ((ImGui::Button(tr_id("lesson.answer").c_str()) || entered) && number[0]) {
                out.commands.push_back(std::string("lesson answer ") + number);
                number[0] = 0;
            }
        }
        if (ImGui::SmallButton(tr_id("lesson.skip").c_str())) out.commands.push_back("lesson skip");
        remember(out, "skip");
        ImGui::TextDisabled("%s", tr("lesson.waits"));
        return;
    }
    const std::string& given = *run.answered();
    if (given.empty()) {
        ImGui::TextDisabled("%s", tr("lesson.skipped"));
    } else {
        const bool right = q.check(given).value_or(false);
        std::string answer = q.multiple_choice() ? q.choices[static_cast<size_t>(q.answer)] : "";
        if (!q.multiple_choice()) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%g%s%s", *q.number, q.unit.empty() ? "" : " ", q.unit.c_str());
            answer = buf;
        }
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(right ? pal.have : pal.free_rider), "%s",
                           tr(right ? "lesson.right" : "lesson.wrong", {answer}).c_str());
    }
    if (!q.explain.empty()) formula_text_wrapped(q.explain);
}

// A row to click holding `text` wrapped to the column: a long title in a narrow column, or in large
// type, would otherwise run off its edge.
bool wrapped_selectable(const std::string& text) {
    const float width = std::max(1.0f, ImGui::GetContentRegionAvail().x);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const std::string lines = break_lines(text, width);
    const float height = ImGui::CalcTextSize(lines.c_str()).y;
    const bool clicked = ImGui::Selectable("##row", false, 0, ImVec2(width, height));
    ImGui::GetWindowDrawList()->AddText(at, ImGui::GetColorU32(ImGuiCol_Text), lines.c_str());
    return clicked;
}

}  // namespace

void draw_lesson_picker(const ShellState& s, UiOutput& out) {
    text_wrapped(tr("lesson.picker_intro"));
    ImGui::Spacing();
    for (const PickerEntry& e : picker_entries(s)) {
        ImGui::PushID(e.base.c_str());
        if (wrapped_selectable(e.title)) out.commands.push_back("lesson open " + e.name);
        remember(out, "lesson-" + e.base);
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
    need_step_glyphs(s, *run);
    const size_t k = run->step(), n = run->step_count();
    formula_text_line(run->lesson().title, pal.highlight);
    const std::string progress = tr("lesson.step_progress", {std::to_string(k + 1), std::to_string(n)});
    ImGui::ProgressBar(static_cast<float>(k + (run->at_step_end() ? 1 : 0)) / static_cast<float>(n), ImVec2(-1, 0), progress.c_str());
    // Previous / next, with what next will do.
    if (ImGui::Button(tr_id("lesson.prev").c_str())) out.commands.push_back("lesson prev");
    remember(out, "lesson-prev");
    ImGui::SameLine();
    const bool open_question = run->question_open();
    // One button whose words say what it will do; its identity stays the same.
    const char* next = s.session.lesson_playing() ? "lesson.jump_end"
                       : !run->at_step_end() && run->current().moves() ? "lesson.play_step"
                       : k + 1 < n ? "lesson.next_step" : "lesson.last_step";
    ImGui::BeginDisabled(open_question || (run->at_step_end() && k + 1 >= n));
    if (ImGui::Button((std::string(tr(next)) + "###lesson-next").c_str())) out.commands.push_back("lesson next");
    ImGui::EndDisabled();
    remember(out, "lesson-next");
    ImGui::SameLine();
    if (ImGui::SmallButton(tr_id("lesson.close").c_str())) out.commands.push_back("lesson close");
    ImGui::SameLine();
    if (ImGui::SmallButton(tr_id("lesson.edit").c_str())) out.commands.push_back("panel editor show");
    remember(out, "lesson-edit");
    ImGui::Separator();
    // A sweep's chart is what the class looks at: it keeps the bottom of the panel, the text scrolls above.
    const bool sweep = run->lesson().sweep.has_value();
    const float chart_h = sweep ? std::max(150.0f, ImGui::GetContentRegionAvail().y * (run->question_open() ? 0.36f : 0.58f)) : 0;
    ImGui::BeginChild("lesson-text", ImVec2(0, sweep ? std::max(60.0f, ImGui::GetContentRegionAvail().y - chart_h) : 0));
    formula_text_wrapped(run->current().text);
    if (run->current().question) draw_question(s, *run, out);
    // Wrapped: two labels and two times make a long line, longer still in Spanish.
    auto wrapped = [](ImU32 colour, const std::string& text) {
        ImGui::PushStyleColor(ImGuiCol_Text, colour);
        text_wrapped(text.c_str());
        ImGui::PopStyleColor();
    };
    if (run->lesson().compare) {
        ImGui::Separator();
        const LessonCompare& c = *run->lesson().compare;
        if (const std::optional<CompareOutcome>& o = run->compare_result()) {
            text_wrapped(tr("lesson.compare_times", {c.label, distribution_time_text(o->time_s), c.other_label,
                                                                 distribution_time_text(o->other_time_s)})
                                         .c_str());
            if (o->time_s >= 0 && o->other_time_s >= 0)
                wrapped(pal.highlight, tr("lesson.difference", {fixed(o->other_time_s - o->time_s, 1, true),
                                                                fixed(o->time_s > 0 ? 100 * (o->other_time_s - o->time_s) / o->time_s : 0.0, 0, true)}));
            else if ((o->time_s < 0) != (o->other_time_s < 0))
                wrapped(pal.highlight, tr("lesson.only_one", {o->time_s >= 0 ? c.label : c.other_label}));
        } else {
            ImGui::TextDisabled("%s", tr("lesson.running_both"));
        }
    }
    for (const LessonFailure& f : run->failures())
        if (f.step == k && run->at_step_end()) wrapped(pal.free_rider, tr("lesson.check_failed", {f.what}));
    ImGui::EndChild();
    if (sweep) {
        ImGui::Separator();
        draw_sweep(s, *run, out);
    }
}

}  // namespace swarmscope
