#include "policy/check.h"

namespace portcullis::policy {

std::string_view CheckOutput::Keep(std::string_view text) {
  if (kept_used_ == kept_.size()) kept_.push_back(std::make_unique<std::string>());
  std::string& slot = *kept_[kept_used_++];
  slot.assign(text);
  return slot;
}

}  // namespace portcullis::policy
