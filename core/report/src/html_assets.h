#pragma once
// The inline style sheet and script of the HTML report (html_assets.cpp): no external files,
// fonts or URLs, so the report opens from the file system without network access.
namespace difflens::report::detail {

const char *htmlStyle();  // the contents of <style>
const char *htmlScript(); // the contents of <script>: filter, views, swipe/onion sliders, J/K

} // namespace difflens::report::detail
