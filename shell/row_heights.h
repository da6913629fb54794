// A long list of rows whose text wraps (the narration of a long run has thousands): each row's height
// is measured once for a width and font, so a frame lays out only the rows in view and stands in for
// the others with space of their height. No ImGui here, so it can be tested on its own.
#pragma once
#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace swarmscope {

class RowHeights {
public:
    // Every height is forgotten when what they were measured for changes.
    void measure_for(float width, float font) {
        if (width == width_ && font == font_) return;
        width_ = width;
        font_ = font;
        rows_.clear();
    }

    // Row `key`'s height: as measured before, unless its text changed length; otherwise `measure()`.
    template <class Measure>
    float height(size_t key, size_t text_length, Measure&& measure) {
        if (key >= rows_.size()) rows_.resize(key + 1);
        Row& r = rows_[key];
        if (r.height < 0 || r.length != text_length) r = Row{measure(), text_length};
        return r.height;
    }

    // The height the row took when it was drawn (an estimate made without drawing it may differ).
    void drawn(size_t key, size_t text_length, float height) {
        if (key >= rows_.size()) rows_.resize(key + 1);
        rows_[key] = Row{height, text_length};
    }

private:
    struct Row {
        float height = -1;
        size_t length = 0;
    };
    float width_ = -1, font_ = -1;
    std::vector<Row> rows_;
};

// The rows [first, last) of a list that show in a view from `from` to `from + height` (in the list's
// own coordinates), given each row's top, in order, and where the list ends.
inline std::pair<size_t, size_t> rows_in_view(const std::vector<float>& tops, float end, float from, float height) {
    const size_t n = tops.size();
    // The last row that starts at or above the view's top; then every row that starts above its bottom.
    size_t first = static_cast<size_t>(std::upper_bound(tops.begin(), tops.end(), from) - tops.begin());
    if (first > 0) --first;
    size_t last = static_cast<size_t>(std::lower_bound(tops.begin(), tops.end(), from + height) - tops.begin());
    if (n > 0 && from > end) first = last = n;  // scrolled past the end
    return {std::min(first, n), std::max(std::min(last, n), std::min(first, n))};
}

}  // namespace swarmscope
