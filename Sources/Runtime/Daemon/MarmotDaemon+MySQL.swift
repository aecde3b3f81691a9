import NIOCore

extension MarmotDaemon {
    /// The MySQL front end (`Sources/Runtime/MySQLServer/`) behind the `MySQLFrontEnd` seam:
    /// `MySQLServer.start(context:)` binds `[mysql]` bind_address:port (and unix_socket when
    /// set) on the daemon's event loop group, authenticates against `[mysql] users`, runs
    /// every statement through the node driver, and reports closed sessions to the node.
    public static let mysqlFrontEnd: MySQLFrontEndFactory? = { context in
        MySQLServer.start(context: context).map { $0 as MySQLFrontEnd }
    }
}
