cmake_policy(SET CMP0057 NEW)  # if(... IN_LIST ...)
# cmake -DLESSON_DIR=dir -DOUTPUT=file.cpp -P embed_lessons.cmake
# Every lesson in lessons/ (and its language folders) as bytes in the program, so the page and the
# desktop app open shipped lessons without a file system. Names are paths without ".json": "joining",
# "es/joining". lessons/ORDER lists the picker's order; lessons it does not name come after, by name.
file(GLOB_RECURSE files RELATIVE "${LESSON_DIR}" "${LESSON_DIR}/*.json")
list(REMOVE_ITEM files "schema.json")
list(SORT files)
set(order "")
if(EXISTS "${LESSON_DIR}/ORDER")
  file(STRINGS "${LESSON_DIR}/ORDER" order)
endif()
set(sorted "")
foreach(name IN LISTS order)
  if("${name}.json" IN_LIST files)
    list(APPEND sorted "${name}.json")
  endif()
endforeach()
foreach(f IN LISTS files)
  if(NOT f IN_LIST sorted)
    list(APPEND sorted "${f}")
  endif()
endforeach()
set(arrays "")
set(entries "")
set(i 0)
foreach(f IN LISTS sorted)
  file(READ "${LESSON_DIR}/${f}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
  string(LENGTH "${hex}" hex_len)
  math(EXPR size "${hex_len} / 2")
  string(REGEX REPLACE "\\.json$" "" name "${f}")
  string(APPEND arrays "const unsigned char lesson_${i}[] = {\n${bytes}0};\n")
  string(APPEND entries "    {\"${name}\", std::string_view(reinterpret_cast<const char*>(lesson_${i}), ${size})},\n")
  math(EXPR i "${i} + 1")
endforeach()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from lessons/ by embed_lessons.cmake.\n"
  "#include \"lesson_library.h\"\n"
  "namespace swarmscope {\n"
  "namespace {\n${arrays}}  // namespace\n"
  "const std::vector<ShippedLesson>& shipped_lessons() {\n"
  "  static const std::vector<ShippedLesson> list = {\n${entries}  };\n"
  "  return list;\n}\n"
  "}\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
