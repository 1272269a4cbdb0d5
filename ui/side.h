#pragma once

namespace difflens::ui {
enum class Side { None, A, B };
}
