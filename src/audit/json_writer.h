// Appending JSON text to a string, member by member, with the commas and quoting done for the
// caller. For writers that render large documents straight into one buffer (the decision log)
// instead of building a DOM first.
//
//   std::string out;
//   JsonWriter json(out);
//   json.BeginObject();
//   json.Key("callId");
//   json.String(call_id);
//   json.EndObject();   // out == {"callId":"..."}
//
// The caller keeps the nesting right (REQUIRES: Key only directly inside an object, each Key
// followed by exactly one value); the writer does not check it.
//
// Thread-safety: a writer is used by one thread at a time; it appends to the string it was given,
// which must outlive it.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

namespace portcullis::audit {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  // The name of the next member of the current object.
  void Key(std::string_view name);
  // Values.
  void String(std::string_view text);
  void Json(const boost::json::value& value);
  // An instant as an RFC 3339 string in UTC ("2024-05-01T10:00:00.123456789Z").
  void Time(std::chrono::system_clock::time_point time);
  // Already serialized JSON text, written as it is.
  void Raw(std::string_view json);

  // `"name":"text"`, a member with a string value.
  void Member(std::string_view name, std::string_view text) {
    Key(name);
    String(text);
  }

 private:
  // Writes the comma a value needs when it is not the first of its container.
  void BeforeValue();
  void Open(char bracket);
  void Close(char bracket);

  std::string& out_;
  // One entry per open container: whether it has no element yet.
  std::vector<bool> empty_;
  bool after_key_ = false;
};

}  // namespace portcullis::audit
