#include "net/http_exchange.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <array>
#include <charconv>
#include <chrono>
#include <exception>
#include <utility>

#include "net/event_loop_asio.h"
#include "net/http_exchange_state.h"
#include "net/http_head.h"

namespace portcullis::net {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);

// Pieces written smaller than this are appended to the one before, while it waits.
constexpr size_t kCoalesceBytes = 16 << 10;
// How much of what a client pipelines behind the request being answered is read ahead (and
// kept for later) while watching for it to leave; past that, the rest stays in the socket.
constexpr size_t kReadAheadBytes = 8 << 10;
// The most pieces one write hands to the socket.
constexpr size_t kPiecesPerWrite = 16;

}  // namespace

asio::awaitable<bool> ExchangeState::Serve(const WorkerContext& worker, Connection& connection,
                                           Request request, const HttpAsyncHandler& handler) {
  auto state = std::make_shared<ExchangeState>(worker, connection, std::move(request));
  connection.exchange = state.get();
  try {
    handler(HttpExchange(state));
  } catch (const std::exception&) {
    // The handler's copies of the exchange are gone: answered 500 unless it was answered.
  }
  co_return co_await state->Carry();
}

ExchangeState::ExchangeState(const WorkerContext& worker, Connection& connection, Request request)
    : worker_(worker),
      connection_(&connection),
      message_(std::move(request)),
      peer_(connection.peer),
      view_(message_.method_string(), message_.target(), message_.body(),
            static_cast<const http::fields*>(&message_), peer_),
      wakeup_(AsioContext(worker.loop)) {}

asio::awaitable<bool> ExchangeState::Carry() {
  Connection& connection = *connection_;
  tcp::socket& socket = connection.socket;
  // Armed only when about to wait: an exchange answered at once is sent without it.
  auto watch = [&] {
    if (!watching_ && connection.buffer.size() < kReadAheadBytes) Watch();
  };
  while (phase_ != Phase::kAborted) {
    if (waiting_bytes_ > 0) {
      error_code error;
      SendSome(error);
      if (error == asio::error::would_block) {
        // The client reads slower than we write: it has the idle timeout to make room.
        connection.deadline = std::chrono::steady_clock::now() + worker_.options.idle_timeout;
        watch();
        auto [wait_error] = co_await socket.async_wait(tcp::socket::wait_write, kAsTuple);
        if (wait_error) Abort();  // cancelled by the sweep, or by an abort
      } else if (error) {
        Abort();
      } else {
        NotifyWritable();
      }
      continue;
    }
    if (phase_ == Phase::kAnswered) {
      phase_ = Phase::kSent;
      break;
    }
    // The handler works, or the stream waits for its next piece: no deadline for the client.
    connection.deadline = std::chrono::steady_clock::time_point::max();
    watch();
    co_await wakeup_.Wait();
  }
  stop_watching_ = true;
  if (watching_) {
    error_code ignored;
    socket.cancel(ignored);
    while (watching_) co_await wakeup_.Wait();
  }
  bool reusable = phase_ == Phase::kSent && !close_after_;
  Detach();
  co_return reusable;
}

void ExchangeState::SendSome(error_code& error) {
  std::array<asio::const_buffer, kPiecesPerWrite> buffers;  // the unused ones stay empty
  size_t count = 0;
  for (const std::string& piece : pieces_) {
    if (count == buffers.size()) break;
    buffers[count] = asio::buffer(piece) + (count == 0 ? sent_in_front_ : 0);
    ++count;
  }
  size_t sent = connection_->socket.write_some(buffers, error);
  waiting_bytes_ -= sent;
  while (sent > 0) {
    size_t left = pieces_.front().size() - sent_in_front_;
    if (sent < left) {
      sent_in_front_ += sent;
      break;
    }
    sent -= left;
    pieces_.pop_front();
    sent_in_front_ = 0;
  }
}

void ExchangeState::Queue(std::string bytes) {
  if (bytes.empty()) return;
  waiting_bytes_ += bytes.size();
  pieces_.push_back(std::move(bytes));
  wakeup_.Notify();
}

std::string& ExchangeState::AppendTarget(size_t bytes) {
  if (!pieces_.empty() && pieces_.back().size() + bytes <= kCoalesceBytes) return pieces_.back();
  return pieces_.emplace_back();
}

void ExchangeState::Respond(HttpResponse response) {
  if (phase_ != Phase::kUnanswered) return;
  bool keep_alive =
      message_.keep_alive() && !worker_.stop_requested.load(std::memory_order_relaxed);
  std::string head;
  FormatHead(response, message_.version(), keep_alive, BodyFraming::kContentLength, head);
  Queue(std::move(head));
  Queue(std::move(response.body));
  close_after_ = !keep_alive;
  phase_ = Phase::kAnswered;
}

void ExchangeState::StartStream(HttpResponse head) {
  if (phase_ != Phase::kUnanswered) return;
  // HTTP/1.0 has no chunked coding: the body ends with the connection.
  chunked_ = message_.version() != 10;
  bool keep_alive =
      chunked_ && message_.keep_alive() && !worker_.stop_requested.load(std::memory_order_relaxed);
  std::string text;
  FormatHead(head, message_.version(), keep_alive,
             chunked_ ? BodyFraming::kChunked : BodyFraming::kUntilClose, text);
  Queue(std::move(text));
  close_after_ = !keep_alive;
  phase_ = Phase::kStreaming;
  Write(head.body);
}

bool ExchangeState::Write(std::string_view piece) {
  if (phase_ != Phase::kStreaming) return false;
  if (!piece.empty()) {
    // A chunk (RFC 9112 §7.1): its size in hex, CRLF, the data, CRLF.
    char size_line[2 * sizeof(size_t) + 2];
    char* end = size_line;
    if (chunked_) {
      end = std::to_chars(size_line, size_line + sizeof size_line, piece.size(), 16).ptr;
      *end++ = '\r';
      *end++ = '\n';
    }
    std::string_view framing(size_line, end - size_line);
    std::string_view trailer = chunked_ ? "\r\n" : "";
    std::string& out = AppendTarget(framing.size() + piece.size() + trailer.size());
    out.append(framing).append(piece).append(trailer);
    waiting_bytes_ += framing.size() + piece.size() + trailer.size();
    wakeup_.Notify();
  }
  if (waiting_bytes_ < worker_.options.stream_high_water_bytes) return true;
  wants_writable_ = true;
  return false;
}

void ExchangeState::End() {
  if (phase_ != Phase::kStreaming) return;
  if (chunked_) {
    static constexpr std::string_view kLastChunk = "0\r\n\r\n";
    AppendTarget(kLastChunk.size()).append(kLastChunk);
    waiting_bytes_ += kLastChunk.size();
  }
  phase_ = Phase::kAnswered;
  wakeup_.Notify();
}

void ExchangeState::OnWritable(std::function<void()> fn) {
  if (phase_ == Phase::kSent || phase_ == Phase::kAborted) return;
  on_writable_ = std::move(fn);
}

void ExchangeState::OnAbort(std::function<void()> fn) {
  if (phase_ == Phase::kAborted) {
    worker_.loop.Post(std::move(fn));
  } else if (phase_ != Phase::kSent) {
    on_abort_ = std::move(fn);
  }
}

void ExchangeState::NotifyWritable() {
  if (!wants_writable_ || phase_ != Phase::kStreaming ||
      waiting_bytes_ > worker_.options.stream_high_water_bytes / 2)
    return;
  wants_writable_ = false;
  // A copy: the callback may replace itself.
  if (std::function<void()> fn = on_writable_) fn();
}

void ExchangeState::ReleaseHandle() {
  if (--handles_ > 0) return;
  if (phase_ == Phase::kUnanswered) {
    HttpResponse response;
    response.status = 500;
    response.body = worker_.options.error_body(500, "Internal Server Error");
    Respond(std::move(response));
  } else if (phase_ == Phase::kStreaming) {
    // Cut: closing without the last chunk tells the client the body is incomplete.
    close_after_ = true;
    phase_ = Phase::kAnswered;
    wakeup_.Notify();
  }
}

void ExchangeState::Abort() {
  if (phase_ == Phase::kSent || phase_ == Phase::kAborted) return;
  phase_ = Phase::kAborted;
  pieces_.clear();
  sent_in_front_ = 0;
  waiting_bytes_ = 0;
  // Interrupts a wait for the socket to take more; Carry then ends and the connection closes.
  error_code ignored;
  connection_->socket.cancel(ignored);
  wakeup_.Notify();
  std::function<void()> on_abort = std::move(on_abort_);
  on_abort_ = nullptr;
  on_writable_ = nullptr;
  if (on_abort) on_abort();
}

void ExchangeState::Watch() {
  watching_ = true;
  connection_->socket.async_wait(
      tcp::socket::wait_read,
      [self = shared_from_this()](const error_code& error) { self->Watched(error); });
}

void ExchangeState::Watched(const error_code& error) {
  watching_ = false;
  if (!error && !stop_watching_ && phase_ != Phase::kAborted) {
    boost::beast::flat_buffer& buffer = connection_->buffer;
    error_code read_error;
    size_t read = connection_->socket.read_some(buffer.prepare(kReadAheadBytes), read_error);
    buffer.commit(read);
    if (read_error && read_error != asio::error::would_block)
      Abort();  // the client closed or reset the connection
    else if (buffer.size() < kReadAheadBytes)
      Watch();
  }
  wakeup_.Notify();
}

void ExchangeState::Detach() {
  connection_->exchange = nullptr;
  connection_ = nullptr;
  pieces_.clear();
  on_writable_ = nullptr;
  on_abort_ = nullptr;
}

HttpExchange::HttpExchange(std::shared_ptr<ExchangeState> state) : state_(std::move(state)) {
  state_->AddHandle();
}

HttpExchange::HttpExchange(const HttpExchange& other) : state_(other.state_) {
  if (state_) state_->AddHandle();
}

HttpExchange& HttpExchange::operator=(HttpExchange other) noexcept {
  std::swap(state_, other.state_);
  return *this;
}

HttpExchange::~HttpExchange() {
  if (state_) state_->ReleaseHandle();
}

const HttpRequest& HttpExchange::request() const {
  return state_->request();
}
EventLoop& HttpExchange::loop() const {
  return state_->worker().loop;
}
unsigned HttpExchange::worker() const {
  return state_->worker().index;
}
void HttpExchange::Respond(HttpResponse response) {
  state_->Respond(std::move(response));
}
void HttpExchange::StartStream(HttpResponse head) {
  state_->StartStream(std::move(head));
}
bool HttpExchange::Write(std::string_view piece) {
  return state_->Write(piece);
}
void HttpExchange::End() {
  state_->End();
}
void HttpExchange::OnWritable(std::function<void()> fn) {
  state_->OnWritable(std::move(fn));
}
void HttpExchange::OnAbort(std::function<void()> fn) {
  state_->OnAbort(std::move(fn));
}
bool HttpExchange::aborted() const {
  return state_->aborted();
}

}  // namespace portcullis::net
