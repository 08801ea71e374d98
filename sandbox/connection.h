// An httplib::Server whose route handlers can drop the connection instead of
// answering, the way a lost response looks to a client: the request was read
// and handled, and not one byte comes back before the connection closes.
//
// cpp-httplib 0.11.4 has no such switch (a handler that throws gets a 500, a
// content provider that fails still sends the status line and headers), so this
// class serves each connection itself: it overrides the virtual
// process_and_close_socket, runs the same keep-alive loop over its own Stream,
// and calls the library's protected process_request for each request. The
// Stream discards every write once the handler asked for a drop, and the loop
// then closes the socket.
#ifndef WF_SANDBOX_CONNECTION_H_
#define WF_SANDBOX_CONNECTION_H_

#include <httplib.h>

namespace wf::sandbox {

class DroppingHttpServer : public httplib::Server {
 public:
  // Called from a route handler: nothing of the current response is sent, and
  // the connection is closed once the handler returns. Handlers run on the
  // thread that serves the connection, so a thread-local flag carries this.
  static void DropCurrentResponse();

 private:
  bool process_and_close_socket(socket_t sock) override;

  // Waits for the next request of a kept-alive connection; false when the
  // keep-alive timeout passes, the peer hangs up or the server stops.
  bool WaitForNextRequest(socket_t sock) const;
};

}  // namespace wf::sandbox

#endif  // WF_SANDBOX_CONNECTION_H_
