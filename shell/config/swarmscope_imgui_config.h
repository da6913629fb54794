// Dear ImGui build options for Swarmscope (IMGUI_USER_CONFIG).
#pragma once
// 32-bit draw indices: a drawn swarm easily passes 65 535 vertices in one draw list.
#define ImDrawIdx unsigned int
