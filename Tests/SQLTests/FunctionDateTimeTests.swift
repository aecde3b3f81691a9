import Protocol
import XCTest

/// Date and time functions; expected values from the MySQL 8.0 manual. The clock is fixed
/// at UNIX time 1447431619.012; the manual's examples were run six hours west of UTC
/// (FROM_UNIXTIME(1447430881) = '2015-11-13 10:08:01'), so the clock tests use -06:00.
final class FunctionDateTimeTests: XCTestCase {
    func testClockFunctions() throws {
        try checkTable([
            ("NOW()", t("2015-11-13 10:20:19")),
            ("NOW(3)", t("2015-11-13 10:20:19.012")),
            ("SYSDATE()", t("2015-11-13 10:20:19")),
            ("LOCALTIME()", t("2015-11-13 10:20:19")),
            ("\"CURRENT_TIMESTAMP\"()", t("2015-11-13 10:20:19")),
            ("CURDATE()", t("2015-11-13")),
            ("CURTIME()", t("10:20:19")),
            ("CURTIME(6)", t("10:20:19.012000")),
            ("UTC_TIMESTAMP()", t("2015-11-13 16:20:19")),
            ("UNIX_TIMESTAMP()", i(1_447_431_619)),
            ("UNIX_TIMESTAMP('2015-11-13 10:20:19')", i(1_447_431_619)),
            ("UNIX_TIMESTAMP('2015-11-13 10:20:19.012')", r(1_447_431_619.012)),
            ("UNIX_TIMESTAMP('1960-01-01')", i(0)),
            ("UNIX_TIMESTAMP('2015-13-01')", null),
            ("FROM_UNIXTIME(1447430881)", t("2015-11-13 10:08:01")),
            ("FROM_UNIXTIME(1447430881, '%Y %D %M %h:%i:%s %x')", t("2015 13th November 10:08:01 2015")),
            ("FROM_UNIXTIME(NULL)", null),
            ("FROM_UNIXTIME(-1)", null),
        ], offsetSeconds: -21600)
        // A session an hour east of UTC: local functions move, UTC ones do not.
        try checkTable([
            ("NOW()", t("2015-11-13 17:20:19")),
            ("UTC_TIMESTAMP()", t("2015-11-13 16:20:19")),
            ("UTC_DATE()", t("2015-11-13")),
            ("UNIX_TIMESTAMP()", i(1_447_431_619)),
            ("UNIX_TIMESTAMP('2015-11-13 17:20:19')", i(1_447_431_619)),
            ("FROM_UNIXTIME(1447431619)", t("2015-11-13 17:20:19")),
        ], offsetSeconds: 3600)
    }

    func testDateFormat() throws {
        try checkTable([
            ("DATE_FORMAT('2009-10-04 22:23:00', '%W %M %Y')", t("Sunday October 2009")),
            ("DATE_FORMAT('2007-10-04 22:23:00', '%H:%i:%s')", t("22:23:00")),
            ("DATE_FORMAT('1900-10-04 22:23:00', '%D %y %a %d %m %b %j')", t("4th 00 Thu 04 10 Oct 277")),
            ("DATE_FORMAT('1997-10-04 22:23:00', '%H %k %I %r %T %S %w')", t("22 22 10 10:23:00 PM 22:23:00 00 6")),
            ("DATE_FORMAT('1999-01-01', '%X %V')", t("1998 52")),
            ("DATE_FORMAT('2008-01-01 01:02:03.004005', '%f %c %e %l %p %h %s %%')", t("004005 1 1 1 AM 01 03 %")),
            ("DATE_FORMAT('2008-12-31', '%U %u %V %v %X %x')", t("52 53 52 01 2008 2009")),
            ("DATE_FORMAT('2011-01-01', '%D %D')", t("1st 1st")),
            ("DATE_FORMAT('2011-01-22', '%D')", t("22nd")),
            ("DATE_FORMAT('2011-01-13', '%D')", t("13th")),
            ("DATE_FORMAT('2015-11-13', '%Y-%m-%d %H:%i:%s')", t("2015-11-13 00:00:00")),
            ("DATE_FORMAT('2015-02-30', '%Y')", null),
            ("DATE_FORMAT(NULL, '%Y')", null),
        ])
    }

    func testStrToDate() throws {
        try checkTable([
            ("STR_TO_DATE('01,5,2013', '%d,%m,%Y')", t("2013-05-01")),
            ("STR_TO_DATE('May 1, 2013', '%M %d,%Y')", t("2013-05-01")),
            ("STR_TO_DATE('a09:30:17', 'a%h:%i:%s')", t("09:30:17")),
            ("STR_TO_DATE('a09:30:17', '%h:%i:%s')", null),
            ("STR_TO_DATE('09:30:17a', '%h:%i:%s')", t("09:30:17")),
            ("STR_TO_DATE('9', '%m')", t("0000-09-00")),
            ("STR_TO_DATE('9', '%s')", t("00:00:09")),
            ("STR_TO_DATE('04/31/2004', '%m/%d/%Y')", null),
            ("STR_TO_DATE('2013-05-01 10:11:12', '%Y-%m-%d %H:%i:%s')", t("2013-05-01 10:11:12")),
            ("STR_TO_DATE('Jan 3 2020 02:05 PM', '%b %e %Y %h:%i %p')", t("2020-01-03 14:05:00")),
            ("STR_TO_DATE('12:00:00 AM', '%r')", t("00:00:00")),
            ("STR_TO_DATE('1.5.13', '%e.%c.%y')", t("2013-05-01")),
            ("STR_TO_DATE(NULL, '%Y')", null),
        ])
    }

    func testDateArithmetic() throws {
        try checkTable([
            ("DATE_ADD('2018-05-01', 1, 'DAY')", t("2018-05-02")),
            ("DATE_SUB('2018-05-01', 1, 'YEAR')", t("2017-05-01")),
            ("DATE_ADD('2020-12-31 23:59:59', 1, 'SECOND')", t("2021-01-01 00:00:00")),
            ("DATE_ADD('2018-12-31 23:59:59', 1, 'DAY')", t("2019-01-01 23:59:59")),
            ("DATE_ADD('2100-12-31 23:59:59', '1:1', 'MINUTE_SECOND')", t("2101-01-01 00:01:00")),
            ("DATE_SUB('2025-01-01 00:00:00', '1 1:1:1', 'DAY_SECOND')", t("2024-12-30 22:58:59")),
            ("DATE_ADD('1900-01-01 00:00:00', '-1 10', 'DAY_HOUR')", t("1899-12-30 14:00:00")),
            ("DATE_SUB('1998-01-02', 31, 'DAY')", t("1997-12-02")),
            ("DATE_ADD('1992-12-31 23:59:59.000002', '1.999999', 'SECOND_MICROSECOND')", t("1993-01-01 00:00:01.000001")),
            ("DATE_ADD('2024-03-31', 1, 'MONTH')", t("2024-04-30")),
            ("DATE_ADD('2024-01-31', 1, 'MONTH')", t("2024-02-29")),
            ("DATE_ADD('2018-05-01', 1, 'HOUR')", t("2018-05-01 01:00:00")),
            ("DATE_ADD('2018-05-01', 2, 'WEEK')", t("2018-05-15")),
            ("DATE_ADD('2018-05-01', 1, 'QUARTER')", t("2018-08-01")),
            ("DATE_ADD('2018-05-01', '1-2', 'YEAR_MONTH')", t("2019-07-01")),
            ("DATE_ADD('2018-05-01 10:00:00', '1:30', 'HOUR_MINUTE')", t("2018-05-01 11:30:00")),
            ("DATE_ADD('2018-05-01', 1.5, 'SECOND')", t("2018-05-01 00:00:01.500000")),
            ("ADDDATE('2008-01-02', 31, 'DAY')", t("2008-02-02")),
            ("SUBDATE('2008-01-02 12:00:00', 1, 'HOUR')", t("2008-01-02 11:00:00")),
            ("DATE_ADD('2019-02-30', 1, 'DAY')", null),
            ("DATE_ADD('9999-12-31', 1, 'DAY')", null),
            ("DATE_ADD(NULL, 1, 'DAY')", null),
            ("DATE_ADD('2018-05-01', 1, 'FORTNIGHT')", null),
            ("DATEDIFF('2007-12-31 23:59:59', '2007-12-30')", i(1)),
            ("DATEDIFF('2010-11-30 23:59:59', '2010-12-31')", i(-31)),
            ("DATEDIFF(NULL, '2010-12-31')", null),
            ("TIMESTAMPDIFF('MONTH', '2003-02-01', '2003-05-01')", i(3)),
            ("TIMESTAMPDIFF('YEAR', '2002-05-01', '2001-01-01')", i(-1)),
            ("TIMESTAMPDIFF('MINUTE', '2003-02-01', '2003-05-01 12:05:55')", i(128_885)),
            ("TIMESTAMPDIFF('MONTH', '2003-01-31', '2003-02-28')", i(0)),
            ("TIMESTAMPDIFF('SECOND', '2003-01-01 00:00:10', '2003-01-01 00:00:00')", i(-10)),
            ("TIMESTAMPDIFF('DAY', '2003-01-01', '2003-01-08 23:00:00')", i(7)),
            ("TIMESTAMPDIFF('WEEK', '2003-01-01', '2003-01-15')", i(2)),
            ("TIMESTAMPDIFF('QUARTER', '2003-01-01', '2003-12-31')", i(3)),
        ])
    }

    func testDateParts() throws {
        try checkTable([
            ("YEAR('1987-01-01')", i(1987)),
            ("YEAR('2019-13-01')", null),
            ("MONTH('2008-02-03')", i(2)),
            ("DAY('2007-02-03')", i(3)),
            ("DAYOFMONTH('2007-02-03')", i(3)),
            ("HOUR('10:05:03')", i(10)),
            ("HOUR('2008-02-03 10:05:03')", i(10)),
            ("MINUTE('2008-02-03 10:05:03')", i(5)),
            ("SECOND('10:05:03')", i(3)),
            ("MICROSECOND('2019-12-31 23:59:59.000010')", i(10)),
            ("QUARTER('2008-04-01')", i(2)),
            ("DAYOFWEEK('2007-02-03')", i(7)),
            ("WEEKDAY('2008-02-03 22:23:00')", i(6)),
            ("WEEKDAY('2007-11-06')", i(1)),
            ("DAYOFYEAR('2007-02-03')", i(34)),
            ("DAYNAME('2007-02-03')", t("Saturday")),
            ("MONTHNAME('2008-02-03')", t("February")),
            ("WEEK('2008-02-20')", i(7)),
            ("WEEK('2008-02-20', 0)", i(7)),
            ("WEEK('2008-02-20', 1)", i(8)),
            ("WEEK('2008-12-31', 1)", i(53)),
            ("WEEK('2000-01-01')", i(0)),
            ("WEEK('2000-01-01', 2)", i(52)),
            ("WEEKOFYEAR('2008-02-20')", i(8)),
            ("YEARWEEK('1987-01-01')", i(198_652)),
            ("TO_DAYS('2007-10-07')", i(733_321)),
            ("TO_DAYS(950501)", i(728_779)),
            ("LAST_DAY('2003-02-05')", t("2003-02-28")),
            ("LAST_DAY('2004-02-05')", t("2004-02-29")),
            ("LAST_DAY('2004-01-01 01:01:01')", t("2004-01-31")),
            ("LAST_DAY('2003-03-32')", null),
            ("DATE('2003-12-31 01:02:03')", t("2003-12-31")),
            ("DATE('2003-02-30')", null),
            ("TIME('2003-12-31 01:02:03')", t("01:02:03")),
            ("TIME('2003-12-31 01:02:03.000123')", t("01:02:03.000123")),
            ("EXTRACT('YEAR', '2019-07-02')", i(2019)),
            ("EXTRACT('YEAR_MONTH', '2019-07-02 01:02:03')", i(201_907)),
            ("EXTRACT('DAY_MINUTE', '2019-07-02 01:02:03')", i(20102)),
            ("EXTRACT('MICROSECOND', '2003-01-02 10:30:00.000123')", i(123)),
            ("YEAR(20071130)", i(2007)),
            // Zero dates (WordPress's post_date_gmt of drafts): parts read as 0, as in MySQL.
            ("YEAR('0000-00-00 00:00:00')", i(0)),
            ("MONTH('2010-00-00')", i(0)),
            ("DAYOFMONTH('2001-11-00')", i(0)),
            ("DATE('0000-00-00 00:00:00')", t("0000-00-00")),
            ("DATE_FORMAT('2006-06-00', '%d')", t("00")),
            ("DATE_FORMAT('0000-00-00 00:00:00', '%W')", null),
            ("DAYOFWEEK('0000-00-00')", null),
            ("LAST_DAY('2003-00-05')", null),
            ("DATE_ADD('0000-00-00', 1, 'DAY')", null),
            ("MONTH('2007-1-5')", i(1)),
        ])
    }
}
