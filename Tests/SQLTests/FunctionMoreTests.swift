import Protocol
import XCTest

/// ROUND and the time helpers; expected values from the MySQL 8.0 manual.
final class FunctionMoreTests: XCTestCase {
    func testRound() throws {
        try checkTable([
            ("ROUND(-1.23)", i(-1)),
            ("ROUND(-1.58)", i(-2)),
            ("ROUND(1.58)", i(2)),
            ("ROUND(1.298, 1)", r(1.3)),
            ("ROUND(1.298, 0)", i(1)),
            ("ROUND(23.298, -1)", i(20)),
            ("ROUND(2.5)", i(3)),
            ("ROUND(-2.5)", i(-3)),
            ("ROUND(1.005, 2)", r(1.01)),
            ("ROUND(9.995, 2)", r(10.0)),
            ("ROUND(1234, -2)", i(1200)),
            ("ROUND(1250, -2)", i(1300)),
            ("ROUND(-1250, -2)", i(-1300)),
            ("ROUND(5, -1)", i(10)),
            ("ROUND(NULL)", null),
            ("ROUND('2.567', 2)", r(2.57)),
            ("FORMAT(1.005, 2)", t("1.01")),
        ])
    }

    func testTimeHelpers() throws {
        try checkTable([
            ("TIMEDIFF('2000-01-01 00:00:00', '2000-01-01 00:00:00.000001')", t("-00:00:00.000001")),
            ("TIMEDIFF('2008-12-31 23:59:59.000001', '2008-12-30 01:01:01.000002')", t("46:58:57.999999")),
            ("TIMEDIFF('10:00:00', '08:30:15')", t("01:29:45")),
            ("TIMEDIFF('2008-12-31 23:59:59', '08:30:15')", null),
            ("TIME_TO_SEC('22:23:00')", i(80580)),
            ("TIME_TO_SEC('00:39:38')", i(2378)),
            ("SEC_TO_TIME(2378)", t("00:39:38")),
            ("SEC_TO_TIME(-2378)", t("-00:39:38")),
            ("SEC_TO_TIME(4000000)", t("838:59:59")),
            ("FROM_DAYS(730669)", t("2000-07-03")),
            ("FROM_DAYS(TO_DAYS('2007-10-07'))", t("2007-10-07")),
            ("MAKEDATE(2011, 31)", t("2011-01-31")),
            ("MAKEDATE(2011, 32)", t("2011-02-01")),
            ("MAKEDATE(2011, 365)", t("2011-12-31")),
            ("MAKEDATE(2014, 365)", t("2014-12-31")),
            ("MAKEDATE(2011, 0)", null),
            ("DATETIME('2015-11-13')", t("2015-11-13 00:00:00")),
            ("DATETIME('2015-11-13 10:20:19')", t("2015-11-13 10:20:19")),
            ("DATETIME('2019-02-30')", null),
        ])
    }
}

/// ADDTIME/SUBTIME and base conversions; expected values from the MySQL 8.0 manual.
final class FunctionConversionTests: XCTestCase {
    func testConversions() throws {
        try checkTable([
            ("ADDTIME('2007-12-31 23:59:59.999999', '1 1:1:1.000002')", t("2008-01-02 01:01:01.000001")),
            ("ADDTIME('01:00:00.999999', '02:00:00.999998')", t("03:00:01.999997")),
            ("ADDTIME('2008-01-01 10:00:00', '01:30:00')", t("2008-01-01 11:30:00")),
            ("SUBTIME('2007-12-31 23:59:59.999999', '1 1:1:1.000002')", t("2007-12-30 22:58:58.999997")),
            ("SUBTIME('01:00:00.999999', '02:00:00.999998')", t("-00:59:59.999999")),
            ("ADDTIME(NULL, '01:00:00')", null),
            ("BIN(12)", t("1100")),
            ("OCT(12)", t("14")),
            ("BIN(NULL)", null),
            ("CONV('a', 16, 2)", t("1010")),
            ("CONV('6E', 18, 8)", t("172")),
            ("CONV(-17, 10, -18)", t("-H")),
            ("CONV('ff', 16, 10)", t("255")),
            ("CONV('z', 36, 10)", t("35")),
            ("CONV('1', 1, 10)", null),
        ])
    }
}
