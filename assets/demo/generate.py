#!/usr/bin/env python3
"""Generate the `workplan` demo data set (fictional shared ICT service).

"Brackenford & Holmwick Shared ICT" serves Brackenford Borough Council and
Holmwick District Council. Everything here is invented; the tone, project
types, risk wording and service-desk figures follow real council ICT progress
reports.

Deterministic: standard library only, random.Random(2026) for everything
except milestone_changes.csv, which is derived afterwards from the milestones
with its own random.Random(4), and case_state_changes.csv, derived from the
finished case rows with its own random.Random(6), so that adding either
changed no other file; the assurance registers (recommendations.csv,
certifications.csv, certification_assessments.csv) are written out by hand
with no random draws, for the same reason; no network. Run `python3 generate.py` from anywhere; it
writes the CSV files and ANCHOR next to itself and then checks them, printing
the counts.

All dates are relative to ANCHOR (2026-11-22), the generator's "today". The
demo loader shifts every date and timestamp by (today - ANCHOR) days so the
demo never goes stale.
"""

import csv
import math
import os
import random
import sys
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
ANCHOR = date(2026, 11, 22)
NOW = datetime.combine(ANCHOR, time(0, 0))  # nothing is recorded on or after this
WINDOW_START = ANCHOR - timedelta(days=365)  # 2025-11-22

rng = random.Random(2026)

BRK = "Brackenford Borough Council"
HLM = "Holmwick District Council"
BOTH = [BRK, HLM]

TH_GOV = "ICT Governance and Service Development"
TH_ARCH = "ICT Strategic Architecture"
TH_TRANS = "Council Service Development and Transformation"

# People (fictional). Project managers / owners:
PRIYA = "Priya Chandran"
GARETH = "Gareth Llewellyn"
HANNAH = "Hannah Okafor"
TOM = "Tom Blackwood"
SIOBHAN = "Siobhan Reilly"
MARCUS = "Marcus Feld"
AISHA = "Aisha Rahman"
DANIEL = "Daniel Whitcombe"
RACHEL = "Rachel Tennant"
OWEN = "Owen Pritchard"
# Other named staff (risk and milestone owners, RAG updates):
COLIN = "Colin Marsh"  # Head of Shared ICT
JOANNE = "Joanne Hartley"  # Programme Office
BEN = "Ben Harrow"  # Infrastructure Manager
LUCY = "Lucy Danvers"  # Applications Manager
KAREN = "Karen Ashdown"  # Service Desk Manager
IMRAN = "Imran Qureshi"  # Information Security Officer

# Sponsors (roles, as the reports name them):
SP_RES = "Director of Resources"
SP_ICT = "Head of Shared ICT"
SP_PLACE = "Director of Place and Communities"
SP_CUST = "Head of Customer Services"
SP_GOV = "Head of Governance and Democratic Services"

TECH_LEAD = {TH_ARCH: BEN, TH_TRANS: LUCY, TH_GOV: IMRAN}


# --------------------------------------------------------------------------
# date helpers


def d(off):
    return ANCHOR + timedelta(days=off)


HOLIDAYS = {(12, 25), (12, 26), (1, 1)}


def snap(dt):
    """Move a weekend date to the nearest weekday (Sat -> Fri, Sun -> Mon); skip Christmas and New Year."""
    wd = dt.weekday()
    if wd == 5:
        dt -= timedelta(days=1)
    elif wd == 6:
        dt += timedelta(days=1)
    while (dt.month, dt.day) in HOLIDAYS or dt.weekday() >= 5:
        dt += timedelta(days=1)
    return dt


def snap_back(dt):
    """Move a weekend or holiday date back to the working day before."""
    while dt.weekday() >= 5 or (dt.month, dt.day) in HOLIDAYS:
        dt -= timedelta(days=1)
    return dt


def iso(dt):
    return dt.isoformat() if dt else ""


def ts(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S") if dt else ""


def work_time(day, early=8 * 60, late=17 * 60 + 30):
    """A datetime on `day` in working hours, busier in the morning."""
    peak = rng.random() < 0.55
    if peak:
        minute = rng.randint(early, 12 * 60 + 30)
    else:
        minute = rng.randint(early, late)
    return datetime.combine(day, time(minute // 60, minute % 60, rng.randint(0, 59)))


def working_day_before(off_min, off_max):
    """A weekday between d(off_min) and d(off_max) inclusive (offsets <= -1)."""
    while True:
        day = d(rng.randint(off_min, off_max))
        if day.weekday() < 5 and day < ANCHOR:
            return day


def in_window(dt):
    return WINDOW_START <= dt.date() < ANCHOR


# --------------------------------------------------------------------------
# projects


def P(key, name, theme, orgs, stage, rag, manager, sponsor, start, end, slip, pct,
      cap, rev, spend, desc, hist=(), ms=(), overdue=0, reforecast=0,
      overdue_note="", slip_note="", delays=None, overdue_fc=None):
    return dict(key=key, name=name, theme=theme, orgs=orgs, stage=stage, rag=rag,
                manager=manager, sponsor=sponsor, start=start, end=end, slip=slip,
                pct=pct, cap=cap, rev=rev, spend=spend, desc=desc, hist=list(hist),
                ms=list(ms), overdue=overdue, reforecast=reforecast,
                overdue_note=overdue_note, slip_note=slip_note, delays=delays or {},
                overdue_fc=overdue_fc)


PID = "Project Initiation Document signed off"
CLOSE = "Project closure report approved"
BC = "Business case approved"
PIR = "Post-implementation review"
SIGG = "Systems and Information Governance Group"

PROJECTS = [
    # ---- closed -----------------------------------------------------------
    P("connect", "Connect & Serve landlord portal", TH_TRANS, [BRK], "closed", "green",
      MARCUS, SP_PLACE, -480, -290, 0, 100, None, 22000, 21400,
      "Online portal for private landlords to register properties, update contact details "
      "and pay licence fees, delivered with the Private Sector Housing team.",
      hist=[(-362, "green", "User acceptance testing under way"),
            (-318, "green", "Portal live for landlords"),
            (-292, "green", "Closure report approved")],
      ms=[PID, "Landlord portal configured", "User acceptance testing complete", "Go-live", CLOSE]),
    P("sspr", "Self-service password reset", TH_GOV, BOTH, "closed", "green",
      OWEN, SP_ICT, -430, -255, 0, 100, 18000, 6000, 22800,
      "Lets staff at both councils reset their own network password and unlock their "
      "account, cutting password calls to the Service Desk.",
      hist=[(-355, "amber-green", "Enrolment rate at 48% against a 75% target; reminder campaign planned"),
            (-300, "green", "Enrolment at 81%"),
            (-257, "green", "Closed; benefits handed to Service Desk")],
      ms=[PID, "Self-service password reset configured", "Pilot with ICT staff complete",
          "Enrolment campaign complete", CLOSE]),
    # ---- completed ---------------------------------------------------------
    P("backup", "Backup methodology review", TH_ARCH, BOTH, "completed", "green",
      RACHEL, SP_ICT, -330, -205, 0, 100, 10000, 5000, 14200,
      "A detailed review of the councils' ICT backup methodology, leading to immutable "
      "off-site copies and a tested restore schedule.",
      hist=[(-320, "green", ""),
            (-262, "amber-green", "Restore testing of the housing database took longer than planned"),
            (-207, "green", "Review complete; recommendations accepted")],
      ms=["Terms of reference agreed", "Current backup estate documented", "Options appraisal complete",
          "Recommendations report to " + SIGG, "Immutable backup policy adopted"]),
    P("fileserver", "File server upgrade to Windows Server 2022", TH_ARCH, BOTH, "completed", "green",
      HANNAH, SP_ICT, -400, -150, 0, 100, 16000, None, 15200,
      "Upgrading all file servers to Windows Server 2022, giving faster file access and "
      "removing out-of-support operating systems.",
      hist=[(-340, "green", ""),
            (-240, "amber", "Storage capacity shortfall found during Holmwick server build; additional storage ordered"),
            (-178, "green", "Additional storage installed; upgrades back on plan"),
            (-152, "green", "Completed")],
      ms=[PID, "Additional storage installed", "Brackenford file servers upgraded",
          "Holmwick file servers upgraded", "Legacy servers decommissioned", CLOSE]),
    # ---- live ------------------------------------------------------------
    P("housing", "Housing management system replacement", TH_TRANS, [BRK], "in-delivery", "red",
      AISHA, SP_PLACE, -540, 35, 150, 58, 620000, 85000, 742000,
      "Replacement of the Northgate housing system covering rents, repairs, lettings and "
      "tenancy management. Includes data migration of 5,800 tenancies.",
      hist=[(-350, "amber", "Data cleansing behind plan; extra resource requested from Housing"),
            (-281, "amber-red", "Supplier resourcing gaps delaying configuration; two sprints lost"),
            (-201, "red", "Trial data load failed validation; go-live date unachievable and re-baseline required"),
            (-109, "red", "Re-baseline proposal received from supplier; contract variation being negotiated"),
            (-20, "red", "Trial data loads show 14% of tenancy and rent records failing validation; go-live "
                         "cannot proceed as planned and a re-baseline has been requested from the supplier")],
      ms=["Supplier contract awarded", PID, "System configuration complete", "Data cleansing complete",
          "Trial data load 2 complete", "User acceptance testing complete", "Go-live",
          "Legacy housing system decommissioned"],
      overdue=2, reforecast=1,
      overdue_note="Blocked by failed data validation; depends on the re-baseline agreed with the supplier",
      slip_note="Re-forecast pending the contract variation for the re-baseline"),
    P("dr", "Disaster recovery site at Tanner's Lane depot", TH_ARCH, BOTH, "on-hold", "red",
      TOM, SP_ICT, -450, -30, 180, 30, 367000, 15000, 96000,
      "A secondary data centre at Tanner's Lane depot with replicated storage, so that "
      "critical services can be recovered within 24 hours of losing the Civic Centre.",
      hist=[(-330, "amber", "Capital funding for DR hardware not yet confirmed"),
            (-212, "red", "Capital bid deferred to the next budget round; DR hardware procurement paused"),
            (-70, "red", "On hold pending the outcome of the capital bid; existing disaster recovery "
                         "arrangements remain high risk")],
      ms=[BC, "Site survey of Tanner's Lane depot complete", "Capital bid submitted",
          "Hardware procurement complete", "Replication configured", "Full recovery test complete"],
      overdue=2,
      overdue_note="Project on hold pending capital bid outcome",
      slip_note="Re-forecast assuming capital approval in the February budget"),
    P("m365", "Microsoft 365 migration", TH_ARCH, BOTH, "in-delivery", "amber-red",
      PRIYA, SP_RES, -420, 70, 45, 62, 180000, 95000, 171000,
      "Migration of email, file shares and collaboration to Microsoft 365 "
      "(Exchange Online, Teams, OneDrive and SharePoint) for both councils, in waves of about 50 users.",
      hist=[(-340, "green", "Tenant configured; migration waves planned"),
            (-251, "green", "Wave 1 (ICT and Finance) migrated"),
            (-160, "amber-green", "Wave 3 delayed two weeks by licence reallocation"),
            (-75, "amber", "Authentication failures for a cohort of Holmwick users after wave 4; migrations paused"),
            (-18, "amber-red", "Migration of the remaining 420 Holmwick mailboxes paused after authentication "
                               "failures for a cohort of users; revised wave plan being agreed with the supplier")],
      ms=[PID, "Tenant configuration and security baseline complete", "Wave 1 migrated (ICT and Finance)",
          "Wave 2 migrated (Brackenford back office)", "Wave 3 migrated (Holmwick back office)",
          "Wave 4 migrated (remaining Holmwick users)", "Legacy Exchange servers decommissioned", PIR],
      overdue=1,
      overdue_note="Paused after authentication failures; revised wave plan with supplier",
      slip_note="Re-forecast after wave 4 pause"),
    P("wan", "WAN and LAN refresh", TH_ARCH, BOTH, "in-delivery", "green",
      TOM, SP_ICT, -380, 40, 0, 86, 301000, 43000, 262000,
      "Roll-out of the new wide-area voice and data network to 22 sites and replacement of "
      "core and edge switches, giving higher speeds and lower latency at remote sites.",
      hist=[(-360, "green", ""),
            (-262, "amber", "Site survey backlog; network supplier short of engineers"),
            (-190, "red", "Supplier unable to resource site cutovers; 9 sites behind plan"),
            (-121, "amber", "Contract variation agreed for additional specialist resource; cutovers restarting"),
            (-55, "amber-green", "14 of 22 sites cut over; remaining plan agreed"),
            (-9, "green", "19 of 22 sites cut over; remaining cutovers scheduled")],
      ms=["Network design signed off", "Core switches replaced at Brackenford Civic Centre",
          "Core switches replaced at Holmwick House", "Remote sites phase 1 cut over",
          "Remote sites phase 2 cut over", "Legacy circuits ceased", CLOSE],
      delays={3: 28, 4: 21}),
    P("netcall", "Netcall Liberty upgrade", TH_TRANS, [BRK], "completed", "green",
      SIOBHAN, SP_CUST, -200, -60, 0, 100, None, 18000, 18900,
      "Upgrade of the Netcall Liberty contact centre and automated switchboard platform to "
      "the current supported version.",
      hist=[(-190, "green", ""),
            (-110, "amber", "Supplier moved the production upgrade slot by three weeks"),
            (-66, "green", "Production upgrade complete"),
            (-58, "green", "Completed")],
      ms=["Upgrade plan agreed with supplier", "Test environment upgraded", "Production upgrade complete",
          CLOSE]),
    P("cyber", "Cyber security enhancements programme", TH_GOV, BOTH, "in-delivery", "amber",
      RACHEL, SP_RES, -330, 160, 30, 40, 120000, 60000, 71000,
      "Programme of controls from the cyber treatment plan, measured against the NCSC Cyber "
      "Assessment Framework: endpoint detection, MFA, privileged access and 24x7 monitoring.",
      hist=[(-320, "amber-green", "Scope larger than estimated at business case"),
            (-201, "amber", "Security engineer post vacant; actions re-prioritised"),
            (-120, "amber-green", "Interim contractor in place; actions back on plan"),
            (-14, "amber", "Key technical post vacant; interim cover being sought")],
      ms=["Cyber Assessment Framework baseline complete", "Endpoint detection and response deployed",
          "Multi-factor authentication for all users", "Privileged access management in place",
          "Security monitoring (SIEM) live", "Incident response plan tested",
          "Cyber treatment plan actions closed", "Programme closure report approved"],
      overdue=1,
      overdue_note="Delayed by the security engineer vacancy",
      slip_note="Re-planned around the vacant security engineer post"),
    P("digital", "Digital platform and customer portal", TH_TRANS, BOTH, "in-delivery", "amber-red",
      MARCUS, SP_CUST, -350, 75, 30, 48, 210000, 65000, 149000,
      "A digital platform for online forms, customer accounts and status tracking, "
      "integrated with the revenues and waste back-office systems.",
      hist=[(-330, "green", ""),
            (-210, "amber-green", "Integration design taking longer than expected"),
            (-95, "amber", "Revenues connector delayed by supplier"),
            (-25, "amber-red", "Supplier has not yet provided the revenues integration connector; "
                               "phase 1 go-live at risk")],
      ms=["Supplier contract awarded", "Platform configured", "Revenues integration connector delivered",
          "Phase 1 forms (council tax) tested", "Phase 1 go-live",
          "Phase 2 forms (waste and environment) live", PIR],
      overdue=2, reforecast=1,
      overdue_note="Waiting for the supplier's revenues connector; escalated to account director",
      slip_note="Re-forecast: depends on the revenues connector"),
    P("intranet", "Holmwick intranet rebuild", TH_TRANS, [HLM], "cancelled", "red",
      PRIYA, SP_GOV, -330, 30, 60, 20, None, 15000, 4200,
      "Rebuild of the Holmwick on-premises intranet. Cancelled: superseded by the SharePoint "
      "Online intranet delivered through the Microsoft 365 migration.",
      hist=[(-320, "green", ""),
            (-200, "amber", "Content owners not engaged; content audit behind plan"),
            (-131, "red", "Overlaps with the SharePoint Online intranet in the Microsoft 365 migration"),
            (-100, "red", "Cancelled by the " + SIGG + ": superseded by the SharePoint Online intranet "
                          "delivered through the Microsoft 365 migration")],
      ms=[PID, "Content audit complete", "Closure report approved (project cancelled)"]),
    P("win11", "Windows 11 desktop refresh", TH_ARCH, BOTH, "in-delivery", "amber",
      GARETH, SP_ICT, -300, 130, 21, 35, 990000, None, 410000,
      "Replacement of about 1,100 ageing Windows 10 desktops and laptops with Windows 11 "
      "laptops, supporting blended home and office working.",
      hist=[(-290, "green", ""),
            (-181, "green", "Pilot of 50 devices complete"),
            (-60, "amber-green", "Supplier reporting stock shortages for the standard laptop model"),
            (-22, "amber", "Laptop deliveries delayed by supplier stock shortage; 380 of 1,100 devices deployed")],
      ms=["Windows 11 build signed off", "Application compatibility testing complete",
          "Pilot of 50 devices complete", "Deployment phase 1 (Brackenford Civic Centre)",
          "Deployment phase 2 (Holmwick House)", "Deployment phase 3 (depots and remote workers)",
          "Windows 10 devices recovered and disposed", CLOSE],
      overdue=1,
      overdue_note="Waiting for laptop deliveries",
      slip_note="Re-forecast to the supplier's revised delivery schedule"),
    P("vpn", "Remote access VPN replacement", TH_ARCH, BOTH, "completed", "green",
      GARETH, SP_ICT, -260, -38, 0, 100, 24000, 9000, 31000,
      "Replacement of the legacy VPN with always-on remote access for all council laptops, "
      "improving performance and security for home workers.",
      hist=[(-250, "green", ""),
            (-121, "green", "Rollout to all laptops under way"),
            (-37, "green", "Completed; legacy VPN decommissioned")],
      ms=["Design signed off", "Pilot with ICT staff", "Rollout to all laptops",
          "Legacy VPN decommissioned", CLOSE]),
    P("ccphone", "Contact centre telephony replacement", TH_TRANS, [BRK], "in-delivery", "amber",
      SIOBHAN, SP_CUST, -260, 45, 28, 70, 51000, 10000, 46500,
      "Procurement and implementation of a new cloud contact centre telephony system with "
      "call recording and CRM integration for the Brackenford Customer Service Centre.",
      hist=[(-250, "green", ""),
            (-140, "green", "Call flows signed off"),
            (-80, "amber-green", "CRM integration testing behind plan"),
            (-15, "amber", "Call recording integration with the CRM failing in test; go-live moved to after "
                           "the annual billing peak")],
      ms=["Supplier contract awarded", "Call flows designed and signed off", "Integration with CRM complete",
          "Call recording tested", "Agent training delivered", "Go-live", "Legacy telephony decommissioned"],
      overdue=1,
      overdue_note="Supplier fix for call recording integration awaited",
      slip_note="Moved to after the annual billing peak"),
    P("itsm", "IT service management tool replacement", TH_GOV, BOTH, "in-delivery", "green",
      OWEN, SP_ICT, -300, 25, 0, 88, 35000, 42000, 61000,
      "Replacement of the vFire service desk tool with a cloud ITSM platform, self-service "
      "portal, knowledge base and SLA escalation alerts.",
      hist=[(-280, "amber-green", "Configuration workshops slipped two weeks"),
            (-170, "amber", "Knowledge base migration from the legacy tool incomplete; go-live at risk"),
            (-90, "amber-green", "Top 200 knowledge articles migrated manually; go-live held"),
            (-21, "green", "Self-service portal live for both councils; legacy tool now read-only")],
      ms=["Supplier contract awarded", "Configuration complete", "Knowledge base migrated",
          "Go-live for Service Desk", "Self-service portal live", "Legacy vFire tool decommissioned"]),
    P("gdpr", "GDPR records retention in SharePoint Online", TH_GOV, BOTH, "in-delivery", "amber-green",
      RACHEL, SP_GOV, -270, 110, 7, 55, None, 20000, 12500,
      "Applying the councils' retention schedules through Microsoft 365 sensitivity and retention "
      "labels, with the Information Governance Manager.",
      hist=[(-260, "green", ""),
            (-150, "amber-green", "Sensitivity label design needed a second round of consultation"),
            (-70, "green", "Sensitivity labels published"),
            (-10, "amber-green", "Retention labels taking longer to agree with services than planned")],
      ms=["Retention schedule agreed", "Sensitivity labels published", "Auto-labelling policies live",
          "Retention labels agreed with services", "Retention labels published to all sites", CLOSE],
      reforecast=1,
      slip_note="Services still agreeing retention labels; end date one week later"),
    P("avd", "Citrix re-platform to Azure Virtual Desktop", TH_ARCH, [HLM], "in-delivery", "amber-green",
      DANIEL, SP_ICT, -240, 140, 0, 40, 85000, 48000, 39000,
      "Moving Holmwick's ageing Citrix farm to Azure Virtual Desktop, keeping legacy "
      "applications available to home workers.",
      hist=[(-230, "green", ""),
            (-130, "green", "Azure landing zone built"),
            (-41, "amber-green", "Compatibility testing behind plan for 3 of 41 line-of-business applications")],
      ms=["Design signed off", "Azure landing zone built", "Application compatibility testing complete",
          "Pilot group migrated", "Holmwick users migrated", "Citrix farm decommissioned", PIR]),
    P("firewall", "Perimeter firewall replacement", TH_ARCH, BOTH, "in-delivery", "red",
      HANNAH, SP_ICT, -200, 20, 75, 55, 148000, 22000, 121000,
      "Replacement of the end-of-life perimeter firewalls at both data centres, including "
      "migration and review of the rule-base and network segmentation for PCI DSS.",
      hist=[(-190, "green", "Project initiated; supplier procurement under way"),
            (-120, "green", ""),
            (-52, "amber", "First cutover window missed; change board requested further testing of the rule-base"),
            (-12, "red", "Firewall rule-base migration failed at first cutover and was rolled back; supplier "
                         "root-cause report outstanding and no new cutover date agreed")],
      ms=["Supplier contract awarded", "Design and rule-base review signed off",
          "Rule-base validation in test complete", "Cutover at Civic Centre data centre",
          "Cutover at Holmwick House", "Legacy firewalls decommissioned"],
      overdue=2, reforecast=1,
      overdue_note="Rolled back after failed cutover; awaiting supplier root-cause report",
      slip_note="Re-forecast: new cutover window not yet agreed", overdue_fc=[-19, -12]),
    P("mfd", "MFD printer replacement", TH_ARCH, BOTH, "in-delivery", "green",
      GARETH, SP_ICT, -190, 15, 0, 92, None, 78000, 64000,
      "Replacement of multi-functional device printers across both councils with follow-me "
      "printing, cutting paper and toner costs and improving security.",
      hist=[(-180, "green", ""),
            (-38, "green", "Rollout 90% complete; remaining sites booked")],
      ms=["Supplier contract awarded", "Print management server built", "Follow-me printing pilot",
          "Rollout to Brackenford sites", "Rollout to Holmwick sites", "Old devices removed"]),
    P("members", "Members ICT refresh", TH_TRANS, BOTH, "in-delivery", "green",
      SIOBHAN, SP_GOV, -230, 60, 0, 70, 42000, 8000, 30500,
      "New devices and the Modern.gov app for elected Members of both councils, with "
      "training after the May elections.",
      hist=[(-220, "green", ""),
            (-130, "amber-green", "Device choice deferred until after the May elections"),
            (-52, "green", "")],
      ms=["Member device survey complete", "Devices ordered", "Modern.gov app configured",
          "Devices issued after elections", "Member training sessions delivered", CLOSE]),
    P("agresso", "Agresso (Unit4 ERP) upgrade", TH_TRANS, BOTH, "in-delivery", "amber-green",
      DANIEL, SP_RES, -180, 100, 0, 45, 75000, 30000, 38000,
      "Upgrade of the shared Agresso finance, procurement and payroll system to the current "
      "supported release.",
      hist=[(-170, "green", ""),
            (-90, "amber", "Test environment not delivered by supplier on the agreed date"),
            (-28, "amber-green", "Upgrade test environment delivered late; testing window compressed but "
                                 "go-live date held")],
      ms=["Upgrade plan agreed", "Test environment delivered", "Technical upgrade in test",
          "User acceptance testing complete", "Payroll parallel run complete", "Go-live", PIR]),
    P("pci", "PCI DSS v4.0 compliance", TH_GOV, BOTH, "in-delivery", "amber-green",
      OWEN, SP_RES, -210, 130, 0, 50, None, 25000, 11000,
      "Bringing card payment channels into line with PCI DSS v4.0 and reducing scope with "
      "hosted payment pages.",
      hist=[(-200, "green", ""),
            (-100, "amber", "QSA gap assessment identified network segmentation weaknesses"),
            (-25, "amber-green", "QSA gap assessment actions in progress; network segmentation depends on "
                                 "the firewall replacement")],
      ms=["QSA gap assessment complete", "Cardholder data environment scoped", "Network segmentation implemented",
          "Hosted payment pages live", "Self-assessment questionnaire submitted", "Attestation of compliance signed"]),
    P("hmo", "HMO licensing online form", TH_TRANS, [BRK], "in-delivery", "amber",
      MARCUS, SP_PLACE, -150, -8, 26, 80, None, 12000, 9800,
      "Online application and payment form for Houses in Multiple Occupation licences, "
      "feeding the licensing back-office system.",
      hist=[(-140, "green", ""),
            (-60, "green", "Online form built and in test"),
            (-20, "amber", "Delayed awaiting user sign-off of the online form")],
      ms=["Requirements agreed with Private Sector Housing", "Online form built", "User sign-off of online form",
          "Go-live", PIR],
      overdue=1, reforecast=1,
      overdue_note="Awaiting sign-off from Private Sector Housing; escalated to Head of Housing",
      slip_note="Re-forecast after user sign-off"),
    P("wifi", "Corporate Wi-Fi replacement", TH_ARCH, BOTH, "on-hold", "amber",
      TOM, SP_ICT, -160, 90, 21, 25, 96000, 12000, 18000,
      "Replacement of the corporate and guest wireless network in council buildings.",
      hist=[(-150, "green", ""),
            (-95, "amber-green", "Wireless site surveys delayed by building access"),
            (-48, "amber", "Paused to release network engineers to the firewall recovery; restart planned for January")],
      ms=["Wireless site surveys complete", "Supplier contract awarded", "Controllers installed",
          "Access points replaced at Civic Centre", "Access points replaced at Holmwick House", CLOSE],
      overdue=1,
      overdue_note="Project paused; engineers moved to firewall recovery",
      slip_note="Re-forecast for restart in January"),
    P("webchat", "Webchat for customer services", TH_TRANS, [HLM], "in-delivery", "green",
      SIOBHAN, SP_CUST, -120, 50, 0, 65, None, 14000, 7600,
      "Webchat on the Holmwick website so visitors can talk in real time to Customer "
      "Services staff, managed by the Customer Service Centre.",
      hist=[(-110, "green", ""),
            (-24, "green", "Pilot with the revenues team live")],
      ms=["Webchat configured", "Pilot with revenues team", "Extend to housing and waste enquiries",
          "Go-live on website", PIR]),
    P("psn", "PSN re-certification 2026", TH_GOV, BOTH, "in-delivery", "amber-red",
      OWEN, SP_RES, -120, 38, 35, 60, None, 18000, 14500,
      "Annual re-certification to the Public Services Network, including the independent IT "
      "Health Check and remediation, so that both councils can keep exchanging data with DWP.",
      hist=[(-115, "green", ""),
            (-45, "amber", "IT Health Check report received later than planned"),
            (-6, "amber-red", "IT Health Check found 6 high-severity vulnerabilities on legacy servers; "
                              "remediation must complete before submission")],
      ms=["IT Health Check complete", "Remediation plan agreed", "High-severity vulnerabilities remediated",
          "Legacy Windows Server 2012 servers decommissioned", "PSN compliance submission",
          "PSN certificate received"],
      overdue=2,
      overdue_note="Remediation of IT Health Check findings outstanding",
      slip_note="Submission moved until remediation is complete"),
    # ---- awaiting resource ---------------------------------------------------
    P("ctax", "Council tax e-billing and online account", TH_TRANS, [BRK], "awaiting-resource", "unrated",
      MARCUS, SP_CUST, 45, 260, 0, 0, 60000, 15000, 0,
      "Electronic council tax bills and an online account for Brackenford residents, built on "
      "the digital platform.",
      ms=[BC, PID, "E-billing live for annual billing", "Online account live"]),
    P("planning", "Planning and building control system replacement", TH_TRANS, [HLM], "awaiting-resource",
      "unrated", AISHA, SP_PLACE, 90, 480, 0, 0, 450000, 60000, None,
      "Replacement of Holmwick's planning and building control system, whose support "
      "contract ends in March 2028.",
      ms=[BC, "Procurement tender issued", "Supplier contract awarded", "Go-live"]),
    P("revs", "Revenues and Benefits system convergence", TH_TRANS, BOTH, "awaiting-resource", "unrated",
      DANIEL, SP_RES, 120, 540, 0, 0, 380000, 40000, None,
      "Moving both councils onto a single revenues and benefits system to support an "
      "enlarged shared Revenues and Benefits service.",
      ms=[BC, "Data profiling complete", "Options appraisal complete"]),
    P("fleet", "Fleet and workshop management system for Direct Services", TH_TRANS, [BRK],
      "awaiting-resource", "unrated", AISHA, SP_PLACE, 60, 300, 0, 0, 110000, 25000, 0,
      "A fleet, workshop and job-costing system for Direct Services, replacing spreadsheets "
      "and paper job sheets.",
      ms=[BC, "Requirements specification agreed", "Supplier contract awarded", "Go-live"]),
    P("edrms", "EDRMS migration to SharePoint Online", TH_TRANS, [HLM], "awaiting-resource", "unrated",
      RACHEL, SP_GOV, 150, 420, 0, 0, 90000, 20000, None,
      "Migration of Holmwick's electronic document and records management system into "
      "SharePoint Online with retention applied.",
      ms=[BC, "Migration approach agreed", "Pilot migration complete"]),
    P("nac", "Network access control", TH_ARCH, BOTH, "awaiting-resource", "unrated",
      HANNAH, SP_ICT, 75, 250, 0, 0, 65000, 12000, 0,
      "Network access control so that only managed, compliant devices can join the "
      "corporate network.",
      ms=[BC, "Design signed off", "Network access control enforced"]),
    # ---- proposed --------------------------------------------------------
    P("rpa", "Robotic process automation pilot for benefits", TH_TRANS, [BRK], "proposed", "unrated",
      DANIEL, SP_RES, None, None, 0, 0, None, None, None,
      "Pilot of software robots for high-volume benefits change-of-circumstance processing.",
      ms=["Business case presented to " + SIGG]),
    P("copilot", "Microsoft 365 Copilot pilot", TH_GOV, BOTH, "proposed", "unrated",
      PRIYA, SP_RES, None, None, 0, 0, None, 30000, None,
      "A controlled pilot of Microsoft 365 Copilot with 40 users, with a data protection "
      "impact assessment and acceptable use guidance.",
      ms=["Business case presented to " + SIGG]),
    P("publicwifi", "Public Wi-Fi for Holmwick town centre", TH_TRANS, [HLM], "proposed", "unrated",
      TOM, SP_PLACE, None, None, 0, 0, 55000, None, None,
      "Free public Wi-Fi in Holmwick market town centre, supporting the high street "
      "regeneration plan."),
]

for i, p in enumerate(PROJECTS, 1):
    p["code"] = "ICT-%03d" % i
CODE = {p["key"]: p["code"] for p in PROJECTS}
BY_KEY = {p["key"]: p for p in PROJECTS}
LIVE = ("in-delivery", "on-hold")


def project_dates(p):
    if p["start"] is None:
        p["start_date"] = p["baseline_end"] = p["forecast_end"] = None
        return
    p["start_date"] = snap(d(p["start"]))
    be = snap(d(p["end"]))
    p["baseline_end"] = be
    slip = p["slip"]
    if slip:
        fe = be + timedelta(days=slip)
        while fe.weekday() >= 5:  # keep the slip at or under the stated number of days
            fe -= timedelta(days=1)
        p["forecast_end"] = fe
    else:
        p["forecast_end"] = be


for p in PROJECTS:
    project_dates(p)


# --------------------------------------------------------------------------
# RAG history

rag_rows = []
for p in PROJECTS:
    if not p["hist"]:
        p["rag_reason"] = ""
        continue
    prev = None
    for off, rag, reason in p["hist"]:
        day = snap(d(off))
        assert WINDOW_START <= day < ANCHOR, (p["code"], off)
        when = work_time(day)
        assert prev is None or when > prev
        prev = when
        by = p["manager"] if rng.random() > 0.18 else rng.choice([JOANNE, COLIN])
        rag_rows.append([p["code"], ts(when), rag, reason, by])
    last = p["hist"][-1]
    assert last[1] == p["rag"], p["code"]
    p["rag_reason"] = last[2]
    p["last_rag_change"] = prev


# --------------------------------------------------------------------------
# milestones

DONE_ON_TIME_NOTES = ["", "", "", "Signed off at project board", "Completed as planned",
                      "Evidence filed in the project folder", "Confirmed at monthly work plan review"]
LATE_REASONS = ["supplier resource availability", "awaiting sign-off from the service",
                "dependency on another project", "rescheduled at project board",
                "key staff diverted to operational priorities"]


def late_note(p, b, late):
    pool = list(LATE_REASONS)
    if b.month in (12, 1):
        pool += ["change freeze over year end"] * 2
    if b.month in (7, 8):
        pool += ["staff leave over the summer"] * 2
    if b.month in (3, 4) and p["theme"] == TH_TRANS:
        pool += ["annual billing workload in the service"]
    if p["theme"] == TH_ARCH:
        pool += ["additional testing requested by the change board"]
    return "Completed %d days late: %s" % (late, rng.choice(pool))
FUTURE_NOTES = ["", "", "", "On track", "Dates confirmed with supplier", "Resources booked"]


def spread_baselines(start, end, n):
    """n increasing weekday baselines from a few weeks after start to end (the last)."""
    first = start + timedelta(days=min(21, max(7, (end - start).days // (n + 1))))
    if n == 1:
        return [end]
    span = (end - first).days
    out = []
    for i in range(n):
        if i == n - 1:
            day = end
        else:
            base = first + timedelta(days=round(span * i / (n - 1)))
            jitter = rng.randint(-5, 5) if 0 < i else 0
            day = snap(base + timedelta(days=jitter))
        if out and day <= out[-1] + timedelta(days=6):
            day = snap(out[-1] + timedelta(days=7))
        out.append(day)
    assert out[-1] == end or out[-1] > end - timedelta(days=7)
    out[-1] = end
    return out


def ms_owner(p, i):
    if i == 0:
        return p["manager"]
    return p["manager"] if rng.random() < 0.75 else TECH_LEAD[p["theme"]]


def past(dt):
    return dt < ANCHOR


ms_rows = []
yesterday = snap_back(ANCHOR - timedelta(days=1))

for p in PROJECTS:
    names = p["ms"]
    if not names:
        continue
    n = len(names)
    stage = p["stage"]
    rows = []
    if stage in ("proposed",):
        day = snap(d(rng.choice([16, 23, 30])))
        rows.append([names[0], day, day, None, ms_owner(p, 0), "Indicative date"])
    elif stage == "awaiting-resource":
        approved = snap(d(-rng.randint(30, 120)))
        rows.append([names[0], approved, approved, approved, p["manager"],
                     "Approved by the " + SIGG + "; awaiting resource allocation and scheduling"])
        rest = spread_baselines(p["start_date"], p["baseline_end"], n - 1)
        for name, b in zip(names[1:], rest):
            rows.append([name, b, b, None, ms_owner(p, 0), rng.choice(["", "", "Provisional until resourced"])])
    elif stage in ("completed", "closed", "cancelled"):
        end = p["baseline_end"] if stage != "cancelled" else snap(d(-100))
        bs = spread_baselines(p["start_date"], end, n)
        prev_actual = None
        for i, (name, b) in enumerate(zip(names, bs)):
            if i == n - 1:
                actual = end if stage != "cancelled" else snap(d(-101))
            else:
                actual = snap(b + timedelta(days=rng.choice([0, 0, 0, -2, 2, 5, 9, 14])))
                if actual >= bs[-1]:
                    actual = snap_back(bs[-1] - timedelta(days=3))
            if prev_actual and actual < prev_actual:
                actual = prev_actual
            prev_actual = actual
            late = (actual - b).days
            if late > 3:
                note = late_note(p, b, late)
            else:
                note = rng.choice(DONE_ON_TIME_NOTES)
            if stage == "cancelled" and i == n - 1:
                note = "Project cancelled; remaining milestones withdrawn"
            rows.append([name, b, actual, actual, ms_owner(p, i), note])
    else:  # live
        be, fe = p["baseline_end"], p["forecast_end"]
        slip = (fe - be).days
        bs = spread_baselines(p["start_date"], be, n)
        past_idx = [i for i in range(n - 1) if bs[i] < ANCHOR]
        order = list(reversed(past_idx))
        reforecast = set(order[:p["reforecast"]])
        overdue = set(order[p["reforecast"]:p["reforecast"] + p["overdue"]])
        slipped_project = slip > 0 or p["rag"] in ("red", "amber-red", "amber")
        overdue_sorted = sorted(overdue)
        if p["overdue_fc"]:
            od_fc = [snap(d(o)) for o in p["overdue_fc"]]
        else:
            od_fc = []
            for i in overdue_sorted:
                lo = max(bs[i], ANCHOR - timedelta(days=60))
                od_fc.append(snap_back(lo + timedelta(days=rng.randint(0, max(0, (yesterday - lo).days)))))
            od_fc.sort()
        od_fc = {i: max(f, bs[i]) for i, f in zip(overdue_sorted, od_fc)}
        last_future = ANCHOR
        for i, (name, b) in enumerate(zip(names, bs)):
            owner = ms_owner(p, i)
            if i == n - 1:
                note = p["slip_note"] if slip > 0 else rng.choice(FUTURE_NOTES)
                rows.append([name, b, fe, None, owner, note])
            elif i in overdue:
                rows.append([name, b, od_fc[i], None, owner, p["overdue_note"]])
            elif i in reforecast:
                lo = ANCHOR + timedelta(days=7)
                hi = fe - timedelta(days=7)
                if p["rag"] not in ("red", "amber-red"):  # a modest re-forecast
                    hi = min(hi, ANCHOR + timedelta(days=45))
                f = snap(lo + timedelta(days=rng.randint(0, max(0, (hi - lo).days))))
                f = max(f, last_future)
                last_future = f
                rows.append([name, b, f, None, owner, p["slip_note"]])
            elif b < ANCHOR:  # done
                if i in p["delays"]:
                    delay = p["delays"][i]
                elif slipped_project:
                    delay = rng.choice([0, 0, 3, 7, 10, 14, 21, 28])
                else:
                    delay = rng.choice([0, 0, 0, 0, -2, 1, 3, 7])
                actual = snap(b + timedelta(days=delay))
                if actual >= ANCHOR:
                    actual = yesterday if b <= yesterday else b
                if actual >= ANCHOR:
                    actual = yesterday
                late = (actual - b).days
                note = late_note(p, b, late) if late > 3 else rng.choice(DONE_ON_TIME_NOTES)
                rows.append([name, b, actual, actual, owner, note])
            else:  # future, not the last
                if slip > 0:
                    s = round(slip * rng.uniform(0.6, 1.0))
                    note = p["slip_note"]
                elif p["rag"] == "amber-green" and rng.random() < 0.5:
                    s = rng.choice([7, 10, 14])
                    note = "Slipped %d days; end date held" % s
                elif p["rag"] == "green" and rng.random() < 0.15:
                    s = 7
                    note = "Slipped one week; end date held"
                else:
                    s = 0
                    note = rng.choice(FUTURE_NOTES)
                f = snap(b + timedelta(days=s))
                if f <= ANCHOR:
                    f = snap(ANCHOR + timedelta(days=rng.randint(5, 14)))
                if last_future > ANCHOR:
                    f = max(f, snap(last_future + timedelta(days=7)))
                if f > fe:
                    f = fe
                last_future = f
                rows.append([name, b, f, None, owner, note])
    for name, b, f, a, owner, note in rows:
        ms_rows.append([p["code"], name, iso(b), iso(f), iso(a), owner, note])


# --------------------------------------------------------------------------
# milestone changes (the history of forecast date moves)
#
# Derived from the finished milestone rows above with its own random.Random(4), so adding
# this file leaves every byte of the other files unchanged. Every milestone whose forecast
# differs from its baseline gets a chain of 1-3 forecast moves from the baseline to the
# current forecast; there are no re-baselines in the demo data.

mc_rng = random.Random(4)
YESTERDAY = snap_back(ANCHOR - timedelta(days=1))
RECENT = ANCHOR - timedelta(days=60)

SLIP_REASONS = ["Supplier delivery delayed", "Delayed awaiting user sign-off",
                "Rescheduled after change board deferral", "Key resource on sick leave",
                "Supplier resource not available", "Key staff diverted to operational priorities",
                "Rescheduled at project board", "Awaiting supplier fix"]
SMALL_SLIP_REASONS = ["Key resource on sick leave", "Moved a few days to fit engineer availability",
                      "Rescheduled to suit the service", "Supplier slot moved"]
EARLIER_REASONS = ["Brought forward: work ahead of plan", "Brought forward at project board",
                   "Supplier confirmed an earlier slot"]
RECOVERED_REASONS = ["Recovered part of the delay; date brought forward",
                     "Supplier confirmed an earlier slot"]
# RAG reviews that report a problem, by the start of their reason, and the reason given when
# a forecast moved in the same sitting. Reviews not listed here move no milestones.
EVENT_REASONS = {
    "Restore testing of the housing database": "Restore testing took longer than planned",
    "Storage capacity shortfall": "Storage capacity shortfall; additional storage ordered",
    "Data cleansing behind plan": "Data cleansing behind plan",
    "Supplier resourcing gaps": "Supplier resourcing gaps delaying configuration",
    "Trial data load failed validation": "Trial data load failed validation; re-baseline required",
    "Re-baseline proposal received": "Re-planned to the supplier's re-baseline proposal",
    "Trial data loads show": "Trial data loads failing validation",
    "Capital funding for DR hardware": "Capital funding not yet confirmed",
    "Capital bid deferred": "Capital bid deferred to the next budget round",
    "On hold pending the outcome": "Project on hold pending capital bid outcome",
    "Wave 3 delayed two weeks": "Licence reallocation delay",
    "Authentication failures for a cohort": "Authentication failures after wave 4; migrations paused",
    "Migration of the remaining": "Revised wave plan after authentication failures",
    "Site survey backlog": "Site survey backlog; supplier short of engineers",
    "Supplier unable to resource": "Supplier unable to resource site cutovers",
    "Contract variation agreed": "Cutovers re-planned after contract variation",
    "14 of 22 sites": "Remaining cutover plan agreed",
    "Supplier moved the production upgrade": "Supplier moved the upgrade slot",
    "Scope larger than estimated": "Scope larger than estimated at business case",
    "Security engineer post vacant": "Security engineer post vacant",
    "Key technical post vacant": "Key technical post vacant",
    "Integration design taking longer": "Integration design taking longer than expected",
    "Revenues connector delayed": "Revenues connector delayed by supplier",
    "Supplier has not yet provided": "Revenues connector still not delivered",
    "Content owners not engaged": "Content owners not engaged",
    "Supplier reporting stock shortages": "Supplier delivery delayed",
    "Laptop deliveries delayed": "Laptop deliveries delayed by supplier stock shortage",
    "CRM integration testing behind plan": "CRM integration testing behind plan",
    "Call recording integration": "Call recording integration failing in test",
    "Configuration workshops slipped": "Configuration workshops slipped",
    "Knowledge base migration": "Knowledge base migration incomplete",
    "Sensitivity label design": "Second round of consultation on label design",
    "Retention labels taking longer": "Retention labels taking longer to agree with services",
    "Compatibility testing behind plan": "Application compatibility testing behind plan",
    "First cutover window missed": "Rescheduled after change board deferral",
    "Firewall rule-base migration failed": "Cutover rolled back; awaiting supplier root-cause report",
    "Device choice deferred": "Device choice deferred until after the elections",
    "Test environment not delivered": "Supplier delivery delayed",
    "QSA gap assessment identified": "Network segmentation weaknesses found by QSA",
    "QSA gap assessment actions": "Dependency on firewall replacement",
    "Delayed awaiting user sign-off": "Delayed awaiting user sign-off",
    "Wireless site surveys delayed": "Building access delayed site surveys",
    "Paused to release network engineers": "Engineers moved to firewall recovery",
    "IT Health Check report received": "IT Health Check report received late",
    "IT Health Check found": "Remediation of high-severity vulnerabilities outstanding",
}
NOTE_REASON = {  # the reason in a done milestone's "Completed N days late: ..." note
    "supplier resource availability": "Supplier resource not available",
    "awaiting sign-off from the service": "Delayed awaiting user sign-off",
    "dependency on another project": "Dependency on another project",
    "rescheduled at project board": "Rescheduled at project board",
    "key staff diverted to operational priorities": "Key staff diverted to operational priorities",
    "change freeze over year end": "Change freeze over year end",
    "staff leave over the summer": "Staff leave over the summer",
    "annual billing workload in the service": "Service busy with annual billing",
    "additional testing requested by the change board": "Rescheduled after change board requested further testing",
}


def slip_reason(p, old):
    pool = list(SLIP_REASONS)
    if p["theme"] == TH_ARCH:
        pool += ["Dependency on network upgrade", "Rescheduled after change board deferral"]
    if p["theme"] == TH_TRANS:
        pool += ["Delayed awaiting user sign-off"]
    if old.month in (12, 1):
        pool += ["Change freeze over year end"] * 2
    if old.month in (7, 8):
        pool += ["Staff leave over the summer"] * 2
    return mc_rng.choice(pool)


def mc_work_time(day):
    minute = mc_rng.randint(8 * 60, 12 * 60 + 30) if mc_rng.random() < 0.55 else mc_rng.randint(8 * 60, 17 * 60 + 30)
    return datetime.combine(day, time(minute // 60, minute % 60, mc_rng.randint(0, 59)))


def working_days(lo, hi):
    out = []
    day = lo
    while day <= hi:
        if day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS:
            out.append(day)
        day += timedelta(days=1)
    return out


def pick_time(lo, ev_lo, hi, events, p_event, latest=False):
    """A working-hours datetime: often in the sitting of a RAG review (an event) between ev_lo
    and hi, otherwise on a working day in [lo, hi] weighted towards the end of the window."""
    evs = [e for e in events if ev_lo <= e[0].date() <= hi]
    days = working_days(lo, hi)
    if evs and (mc_rng.random() < p_event or not days):
        when, reason = evs[-1] if latest else mc_rng.choice(evs)
        gap = timedelta(minutes=mc_rng.randint(3, 40), seconds=mc_rng.randint(0, 59))
        when = when + gap if (when + gap).hour < 18 else when - gap
        return when, reason
    if not days:
        return None
    i = min(len(days) - 1, int(mc_rng.triangular(0, len(days), len(days))))
    return mc_work_time(days[i]), None


def move_chain(p, b, f, done, note, events, recent):
    """[(changed_at, old, new, reason)] from baseline b to forecast f, or None."""
    diff = (f - b).days
    if f < b or note.startswith("Slipped") or diff <= 7:
        k = 1
    elif diff <= 21:
        k = mc_rng.choice([1, 1, 2])
    elif diff <= 60:
        k = mc_rng.choice([1, 2, 2, 3])
    else:
        k = mc_rng.choice([2, 3, 3])
    # a slip is recorded as the date approaches, or in a RAG review up to a year before
    lead = 45 if diff <= 14 else 120
    for attempt in range(400):
        if attempt and attempt % 100 == 0 and k > 1:
            k -= 1
        if attempt == 300:
            recent = False
        if attempt == 350:
            lead = 3650
        overshoot = done and f > b and k >= 2 and mc_rng.random() < 0.25
        inner = working_days(b + timedelta(days=1), f - timedelta(days=1)) if f > b else []
        if len(inner) < k - 1:
            continue
        mids = sorted(mc_rng.sample(inner, k - 1))
        if overshoot:
            mids[-1] = snap(f + timedelta(days=mc_rng.randint(5, 25)))
            if len(mids) > 1 and mids[-2] >= mids[-1]:
                continue
        seq = [b] + mids + [f]
        moves = []
        nxt = None
        for i in reversed(range(k)):
            old, new = seq[i], seq[i + 1]
            hi = min(old + timedelta(days=14), YESTERDAY)
            # a move is recorded before its new date (a completion on the day itself)
            hi = min(hi, new if done and i == k - 1 else new - timedelta(days=1))
            if nxt:
                hi = min(hi, nxt.date() - timedelta(days=5))
            lo = max(p["start_date"], old - timedelta(days=lead))
            ev_lo = max(p["start_date"], old - timedelta(days=365))
            if recent and i == k - 1:
                lo, ev_lo = max(lo, RECENT), max(ev_lo, RECENT)
            if ev_lo > hi:
                break
            got = pick_time(lo, ev_lo, hi, events, 0.75 if recent and i == k - 1 else 0.5,
                            latest=recent and i == k - 1)
            if got is None:
                break
            nxt, event_reason = got
            moves.append((nxt, old, new, event_reason))
        if len(moves) != k:
            continue
        moves.reverse()
        out = []
        for i, (when, old, new, event_reason) in enumerate(moves):
            last = i == k - 1
            if new < old and i == 0:
                reason = mc_rng.choice(EARLIER_REASONS)
            elif new < old:
                reason = "Completed ahead of the revised date" if done and when.date() == new \
                    else mc_rng.choice(RECOVERED_REASONS)
            elif last and not done and note:
                reason = note
            elif last and note.startswith("Completed") and ": " in note:
                reason = NOTE_REASON[note.split(": ", 1)[1]]
            elif event_reason:
                reason = event_reason
            elif (new - old).days <= 5:
                reason = mc_rng.choice(SMALL_SLIP_REASONS)
            else:
                reason = slip_reason(p, old)
            out.append((when, old, new, reason))
        return out
    return None


rag_events = defaultdict(list)
for code, changed_at, rag, reason, by in rag_rows:
    for prefix, move_reason in EVENT_REASONS.items():
        if reason.startswith(prefix):
            rag_events[code].append((datetime.strptime(changed_at, "%Y-%m-%dT%H:%M:%S"), move_reason))

BY_CODE = {p["code"]: p for p in PROJECTS}
mc_rows = []
for code, name, b, f, a, owner, note in ms_rows:
    if b == f:
        continue
    p = BY_CODE[code]
    b, f = date.fromisoformat(b), date.fromisoformat(f)
    done = a != ""
    recent = not done and f >= ANCHOR and p["stage"] in LIVE
    chain = move_chain(p, b, f, done, note, rag_events[code], recent)
    assert chain, (code, name)
    for when, old, new, reason in chain:
        mc_rows.append([code, name, ts(when), "forecast", iso(old), iso(new), reason, owner or p["manager"]])


# --------------------------------------------------------------------------
# risks

def R(project, title, consequence, control, owner, cur, inh, tgt, kind="risk", status="open", story=None):
    return dict(project=project, title=title, consequence=consequence, control=control, owner=owner,
                cur=cur, inh=inh, tgt=tgt, kind=kind, status=status, story=story)


CORPORATE = [
    R(None, "Failure to deliver the ICT Work Plan and infrastructure improvements",
      "Reputational impact related to potential for service disruption at both councils",
      "Full implementation of the Plan, supported by external capacity and expertise; monthly review at the "
      + SIGG, COLIN, (3, 4), (4, 5), (2, 3)),
    R(None, "Successful cyber attack, such as ransomware, against either council",
      "Loss of systems and data; services unavailable for weeks; significant recovery cost and reputational damage",
      "Implementation of the cyber programme; immutable backups; endpoint detection on all devices; "
      "NCSC Early Warning; staff phishing training", IMRAN, (3, 5), (5, 5), (2, 5)),
    R(None, "Limited resilience of the Shared ICT leadership and technical team if key roles are not recruited to",
      "Potential for delay to the work plan if critical roles are not filled; single points of failure in "
      "network and security skills",
      "Use of interim roles to provide temporary capacity, and recruitment campaigns to attract key permanent "
      "post holders", COLIN, (4, 4), (5, 4), (2, 3)),
    R(None, "Inadequate disaster recovery provision",
      "Prolonged outage of critical services (revenues, benefits, housing) after loss of the Civic Centre data centre",
      "Off-site immutable backups; capital bid for the disaster recovery site; annual recovery test",
      BEN, (3, 5), (4, 5), (1, 5)),
    R(None, "Loss of Public Services Network (PSN) compliance certificate",
      "Unable to exchange data with DWP and other government departments; benefits processing disrupted",
      "IT Health Check remediation plan; quarterly vulnerability scanning; early engagement with the PSN team",
      IMRAN, (2, 5), (4, 5), (1, 5)),
    R(None, "Unsupported software and ageing infrastructure",
      "Security vulnerabilities that cannot be patched; compatibility failures and outages",
      "Asset register and lifecycle plan; desktop refresh and server upgrades on the work plan; obsolescence "
      "reported to the " + SIGG, BEN, (3, 3), (4, 4), (2, 2)),
    R(None, "ICT budget pressures from supplier price rises",
      "Projects deferred or descoped; savings targets missed",
      "Contract reviews; convergence of applications across both councils; bids through the Medium Term "
      "Financial Plan", COLIN, (4, 3), (4, 4), (3, 2)),
    R(None, "Data breach through user error or misdirected email",
      "ICO enforcement action and fines; loss of public trust",
      "Mandatory GDPR training; data loss prevention rules in Microsoft 365; sensitivity labels",
      IMRAN, (2, 4), (4, 4), (2, 3)),
    R(None, "Failure or withdrawal of a major line-of-business system supplier",
      "Unsupported critical system; emergency procurement at short notice",
      "Supplier financial checks; escrow agreements; exit plans in contracts", LUCY, (2, 3), (3, 4), (1, 3)),
    R(None, "Service desk backlog above target",
      "Users waiting weeks for fixes; SLA targets missed; loss of confidence in ICT",
      "Backlog reduction plan; SLA escalation alerts; self-service portal; weekly review of stop-clock cases",
      KAREN, (5, 2), (5, 4), (5, 1), kind="issue"),
]

PROJECT_RISKS = [
    R("m365", "Authentication failures for migrated Holmwick users",
      "Staff unable to access email and Teams; migration waves paused",
      "Pre-migration device readiness checks; supplier engineer on site for each wave; fallback to on-premises mailbox",
      PRIYA, (5, 3), (5, 4), (2, 2), kind="issue"),
    R("m365", "Insufficient training and adoption support for Teams and OneDrive",
      "Low adoption; continued use of file shares and email attachments",
      "Training and Adoption Manager in post; champions network in every service", PRIYA, (3, 2), (4, 3), (2, 2)),
    R("m365", "Legacy file shares not cleansed before migration to SharePoint",
      "Redundant data migrated; storage cost; records kept beyond retention periods",
      "Data owners to cleanse shares before their wave; redundant data report for each service",
      RACHEL, (3, 3), (4, 3), (2, 2)),
    R("win11", "Supplier stock shortages delay delivery of laptops",
      "Rollout slips; Windows 10 devices stay in use after extended security updates end",
      "Phased orders; alternative model approved; extended security update licences for remaining devices",
      GARETH, (4, 3), (4, 4), (2, 3)),
    R("win11", "Line-of-business applications incompatible with Windows 11",
      "Users unable to work on new devices", "Application compatibility testing; published-application fallback",
      GARETH, (2, 3), (4, 4), (1, 3)),
    R("wan", "Network supplier unable to resource remaining site cutovers",
      "Sites remain on the old network with poor performance",
      "Contract variation for additional specialist resource; weekly cutover planning", TOM, (2, 3), (4, 4), (1, 3)),
    R("wan", "Site outages during cutover windows",
      "Service disruption to depots and leisure sites", "Out-of-hours cutovers with tested rollback plans",
      BEN, (1, 3), (3, 4), (1, 2)),
    R("firewall", "Firewall rule-base migration failure at cutover",
      "Hosted applications unreachable; rollback required; delay of at least two months",
      "Supplier root-cause analysis; rule-by-rule validation in test; change board approval for a new window",
      HANNAH, (5, 4), (5, 5), (2, 3), kind="issue",
      story=[(-190, (5, 5), "Initial assessment on registration"),
             (-120, (2, 4), "Controls in place: supplier design review and test plan"),
             (-50, (3, 4), "First cutover window missed; likelihood increased"),
             (-11, (5, 4), "Risk has materialised: cutover failed and was rolled back; now managed as an issue")]),
    R("firewall", "Existing firewalls reach end of support before replacement",
      "No security updates for the perimeter defence",
      "Extended support quotation obtained; compensating intrusion prevention controls", HANNAH,
      (3, 4), (4, 5), (1, 4)),
    R("ccphone", "Call recording does not integrate with the CRM",
      "Complaints handling and quality monitoring compromised", "Supplier fix in next release; manual process as fallback",
      SIOBHAN, (3, 3), (4, 3), (1, 3)),
    R("ccphone", "Go-live coincides with the annual council tax billing peak",
      "Contact centre disruption at the busiest time of year", "Go-live moved to after the billing peak",
      SIOBHAN, (2, 4), (4, 4), (1, 4)),
    R("hmo", "Private Sector Housing unable to sign off the online form",
      "Licence applications continue on paper; fee income delayed",
      "Escalated to Head of Housing; sign-off workshop booked", MARCUS, (3, 2), (3, 3), (1, 2)),
    R("housing", "Tenancy and rent data fails validation during migration",
      "Go-live delayed; incorrect rent accounts; tenant complaints",
      "Data cleansing team; additional trial loads; supplier data migration specialist", AISHA,
      (5, 5), (5, 5), (2, 4), kind="issue"),
    R("housing", "Project overspend from extended supplier days",
      "Capital overspend needing Cabinet approval; other projects deferred",
      "Contract variation; monthly budget review with Finance", AISHA, (3, 4), (4, 4), (2, 3)),
    R("housing", "Legacy housing system support ends before go-live",
      "Unsupported system for rents and repairs", "Negotiate a 12-month support extension with the incumbent supplier",
      LUCY, (3, 4), (4, 5), (1, 4)),
    R("agresso", "Compressed testing window leads to defects in finance or payroll",
      "Payment errors to suppliers or staff", "Prioritised test scripts; payroll parallel run before go-live",
      DANIEL, (2, 4), (3, 5), (1, 4)),
    R("psn", "High-severity IT Health Check vulnerabilities not remediated before submission",
      "PSN certificate not renewed; loss of DWP data connections",
      "Remediation plan; decommission legacy Windows Server 2012 servers; weekly tracking", OWEN,
      (4, 5), (4, 5), (1, 5),
      story=[(-115, (4, 5), "Initial assessment on registration"),
             (-80, (2, 5), "Remediation approach agreed with the assessor"),
             (-6, (4, 5), "IT Health Check found 6 high-severity vulnerabilities on legacy servers")]),
    R("psn", "PSN submission deadline missed through lack of staff capacity",
      "Warning from the PSN team; reputational risk", "Prioritise PSN work over business as usual; external assessor support",
      OWEN, (3, 3), (3, 4), (1, 3)),
    R("pci", "Card payment network not fully segmented from the corporate network",
      "Failure of PCI DSS assessment; fines; loss of card acceptance",
      "Network segmentation through the new firewalls; hosted payment pages to reduce scope", OWEN,
      (3, 4), (4, 5), (1, 4)),
    R("cyber", "Security engineer post remains vacant",
      "Cyber improvement actions delayed; exposure to known vulnerabilities persists",
      "Interim cover being sought; specialist support contract through the NCSC framework", RACHEL,
      (4, 4), (4, 4), (2, 3),
      story=[(-300, (4, 4), "Initial assessment on registration"),
             (-120, (2, 4), "Interim contractor in place"),
             (-14, (4, 4), "Interim contract ended; post vacant again")]),
    R("cyber", "Staff respond to phishing emails",
      "Credential compromise and a route in for ransomware",
      "Phishing simulations and mandatory training; multi-factor authentication for all users", IMRAN,
      (3, 4), (5, 5), (2, 4)),
    R("dr", "Capital bid for the disaster recovery site is not approved",
      "No tested recovery site; extended outage after a major incident",
      "Business case to Cabinet; interim option to recover from cloud backups", TOM, (4, 5), (4, 5), (2, 4)),
    R("members", "Members unable to use new devices after the elections",
      "Delays to committee papers; complaints from Members",
      "Drop-in training sessions; Modern.gov app support from Democratic Services", SIOBHAN, (1, 3), (3, 3), (1, 2)),
    R("digital", "Supplier does not deliver the revenues integration connector",
      "Phase 1 go-live delayed; online accounts cannot show council tax balances",
      "Escalation to the supplier's account director; interim form with manual back-office keying", MARCUS,
      (4, 4), (4, 4), (2, 3)),
    R("digital", "Low take-up of online accounts by residents",
      "Channel shift savings not realised", "Communications campaign; assisted digital at the contact centre",
      MARCUS, (3, 3), (3, 4), (2, 2)),
    R("webchat", "Not enough staff to answer webchat at peak times",
      "Poor customer experience; abandoned chats", "Chat hours matched to staffing; canned responses",
      SIOBHAN, (2, 2), (3, 3), (1, 2)),
    R("gdpr", "Services do not agree retention labels for their records",
      "Records kept longer than needed; non-compliance with data protection law",
      "Information Governance Manager workshops; default retention policy applied", RACHEL, (3, 3), (4, 3), (2, 2)),
    R("avd", "Legacy planning application not supported on Azure Virtual Desktop",
      "Planning officers cannot use the application once Citrix is switched off",
      "Supplier certification requested; keep a small Citrix farm until the planning system is replaced",
      DANIEL, (3, 4), (4, 4), (1, 4)),
    R("avd", "Azure consumption costs exceed budget", "Revenue overspend",
      "Auto-scaling; reserved instances; monthly cost review", DANIEL, (2, 3), (3, 3), (1, 3)),
    R("wifi", "Existing wireless controllers fail before replacement",
      "Loss of Wi-Fi in council buildings", "Spare controller held; project restart in January", TOM,
      (3, 3), (3, 4), (1, 3)),
    R("itsm", "Knowledge articles not migrated from the legacy tool",
      "Slower resolution at the Service Desk", "Manual migration of the top 200 articles", KAREN,
      (1, 2), (3, 3), (1, 2), status="closed"),
    R("mfd", "Follow-me printing card readers not compatible with new ID badges",
      "Users unable to release print jobs", "PIN release fallback; card reader firmware update", GARETH,
      (1, 2), (3, 2), (1, 2), status="closed"),
    R("fileserver", "Insufficient storage capacity for the upgraded file servers",
      "Upgrade delayed; file shares run out of space", "Additional storage procured and installed", HANNAH,
      (1, 3), (3, 3), (1, 3), status="closed"),
    R("vpn", "Users unable to connect with the new remote access client from home broadband",
      "Home workers unable to reach council systems", "Pilot with ICT staff; fallback profile; Service Desk guide",
      GARETH, (1, 2), (3, 4), (1, 2), status="closed"),
    R("planning", "Planning system support ends before the replacement is resourced",
      "Unsupported statutory system", "Support extension agreed to March 2028; priority in the work plan",
      AISHA, (3, 4), (4, 4), (1, 4)),
    R("ctax", "Delay in resource allocation means e-billing is not ready for annual billing",
      "Printing and postage savings not realised", "Prioritisation at the " + SIGG, MARCUS, (3, 2), (4, 3), (1, 2)),
    R("revs", "Different data standards in the two councils' revenues systems",
      "Migration effort underestimated", "Data profiling before procurement", DANIEL, (2, 3), (3, 4), (1, 3)),
]

for i, r in enumerate(CORPORATE, 1):
    r["code"] = "CR-%02d" % i
for i, r in enumerate(PROJECT_RISKS, 1):
    r["code"] = "R-%03d" % i
RISKS = CORPORATE + PROJECT_RISKS

INTERMEDIATE_NOTES = ["Re-assessed at monthly work plan review", "Controls partly in place",
                      "Reduced following supplier engagement", "Reviewed at the " + SIGG,
                      "Likelihood reduced as mitigation progresses"]
LAST_NOTES = ["Reviewed; score unchanged", "Re-assessed at monthly work plan review",
              "Controls in place and working", "Reviewed with risk owner"]

risk_rows, assess_rows = [], []
for r in RISKS:
    score = lambda s: s[0] * s[1]
    assert r["inh"][0] >= r["cur"][0] and r["inh"][1] >= r["cur"][1], r["code"]
    assert score(r["inh"]) >= score(r["cur"]) >= score(r["tgt"]), r["code"]
    p = BY_KEY[r["project"]] if r["project"] else None
    if r["story"]:
        points = [(snap(d(off)), s, note) for off, s, note in r["story"]]
    else:
        if p and p["start"] is not None and p["start"] > -330:
            reg_off = max(p["start"] + 5, -330) if p["start"] < 0 else -rng.randint(40, 120)
        else:
            reg_off = -rng.randint(300, 355)
        if r["status"] == "closed" and p and p["stage"] in ("completed", "closed"):
            last_off = (p["baseline_end"] - ANCHOR).days - rng.randint(0, 10)
        else:
            last_off = -rng.randint(3, 80)
        if last_off <= reg_off + 10:
            reg_off = last_off - 30
        n = rng.choice([1, 2, 2, 3, 3, 3, 4]) if r["inh"] != r["cur"] else rng.choice([1, 2])
        if r["inh"] == r["cur"] and n == 2:
            pass
        offs = sorted(set(round(reg_off + (last_off - reg_off) * k / max(1, n - 1)) for k in range(n)))
        if n == 1:
            offs = [last_off]
        points = []
        for k, off in enumerate(offs):
            t = k / (len(offs) - 1) if len(offs) > 1 else 1.0
            if len(offs) == 1:
                s = r["cur"]
            else:
                s = (round(r["inh"][0] + (r["cur"][0] - r["inh"][0]) * t),
                     round(r["inh"][1] + (r["cur"][1] - r["inh"][1]) * t))
            if k == 0 and len(offs) > 1:
                note = "Initial assessment on registration"
            elif k == len(offs) - 1:
                note = "Closed: controls effective" if r["status"] == "closed" else rng.choice(LAST_NOTES)
            else:
                note = rng.choice(INTERMEDIATE_NOTES)
            points.append((snap(d(off)), s, note))
        # de-duplicate days after snapping, keeping order
        clean = []
        for pt in points:
            if clean and pt[0] <= clean[-1][0]:
                continue
            clean.append(pt)
        if clean[-1][1] != r["cur"]:
            clean[-1] = (clean[-1][0], r["cur"], clean[-1][2])
        points = clean
    for day, s, note in points:
        assert WINDOW_START <= day < ANCHOR, (r["code"], day)
        assess_rows.append([r["code"], iso(day), s[0], s[1], note])
    last_day = points[-1][0]
    cycle = rng.choice([30, 30, 60, 90])
    review = last_day + timedelta(days=cycle)
    lo, hi = ANCHOR - timedelta(days=60), ANCHOR + timedelta(days=60)
    if review < lo:
        review = lo + timedelta(days=rng.randint(0, 40))
    if review > hi:
        review = hi - timedelta(days=rng.randint(0, 20))
    review = snap(review)
    if not (lo <= review <= hi):
        review = snap_back(review)
    risk_rows.append([CODE[r["project"]] if r["project"] else "", r["code"], r["kind"], r["title"],
                      r["consequence"], r["control"], r["owner"], r["status"],
                      r["cur"][0], r["cur"][1], r["inh"][0], r["inh"][1], r["tgt"][0], r["tgt"][1], iso(review)])


# --------------------------------------------------------------------------
# service-desk cases

SITES = {BRK: ["Civic Centre", "Brackenford Town Hall", "Tanner's Lane depot", "Riverside Leisure Centre",
               "Brackenford Library"],
         HLM: ["Holmwick House", "Holmwick Market Hall", "Mill Road depot", "Holmwick Leisure Centre"]}

# (weight, category, service, group, summaries); "{site}" is filled per case
INCIDENT_TYPES = [
    (14, "Hardware", "Desktop", "Service Desk", [
        "Laptop will not power on", "Laptop screen flickering", "Docking station not detecting second monitor",
        "Keyboard keys not responding", "Laptop running very slowly", "Headset microphone not working in Teams",
        "Blue screen on start-up", "Laptop battery not charging"]),
    (12, "Software", "Email", "Applications", [
        "Shared mailbox not showing in Outlook", "Unable to send to external address: NDR received",
        "Outlook keeps asking for password", "Calendar invites not received", "Mailbox full warning",
        "Email stuck in outbox", "Out of office not working"]),
    (9, "Software", "Microsoft 365", "Applications", [
        "Teams meeting audio dropping", "OneDrive not syncing", "Cannot open SharePoint team site",
        "Files missing from Teams channel", "Teams not launching"]),
    (8, "Software", "Revenues & Benefits", "Applications", [
        "Council tax overnight batch job failed", "Benefits claim will not open: error 1004",
        "Revenues document imaging slow", "Direct debit file import rejected", "Recovery letters not generated",
        "Benefits assessment screen freezing"]),
    (6, "Software", "Housing system", "Applications", [
        "Repairs orders not printing", "Rent payments not posting to accounts", "Housing system login error",
        "Void property report timing out", "Lettings module running slowly"]),
    (5, "Software", "Finance system", "Applications", [
        "Purchase order stuck in approval workflow", "Agresso report timing out", "Supplier payment run error",
        "Unable to raise requisition in Agresso"]),
    (3, "Software", "Planning system", "Applications", [
        "Planning portal applications not importing", "Planning system map layer not loading",
        "Planning decision notice template error"]),
    (4, "Software", "Website", "Applications", [
        "Online form submission error on website", "Bin collection lookup returning no results",
        "Website payment page not loading"]),
    (8, "Network", "Network", "Networks", [
        "Wi-Fi dropping on first floor at {site}", "No network at {site}", "Slow network at {site}",
        "Network port not working in meeting room at {site}", "Leisure centre till link down"]),
    (6, "Network", "Remote access", "Networks", [
        "Remote access disconnecting every few minutes", "Cannot connect to council network from home",
        "Remote access certificate error"]),
    (10, "Access", "Accounts", "Service Desk", [
        "Account locked out", "Password expired and cannot change it", "Cannot access shared drive",
        "MFA prompt not received", "Access denied to team folder"]),
    (7, "Telephony", "Telephony", "Infrastructure", [
        "Desk phone no dial tone", "Voicemail not working", "Mobile phone not receiving calls",
        "Calls to contact centre queue dropping", "Hunt group not ringing"]),
    (7, "Printing", "Printing", "Service Desk", [
        "MFD not releasing print jobs at {site}", "Scan to email failing", "Printer paper jam error persists",
        "Print queue missing on laptop"]),
    (3, "Software", "Citrix", "Infrastructure", [
        "Citrix session freezing", "Published application will not launch"]),
]
REQUEST_TYPES = [
    (22, "Access", "Accounts", "Service Desk", [
        "New starter account and laptop", "Leaver: disable account and recover equipment",
        "Access to shared mailbox", "Access to team shared drive folder", "Name change on account",
        "Agency worker account"]),
    (14, "Hardware", "Desktop", "Service Desk", [
        "Request for second monitor", "Replacement headset", "Temporary loan laptop", "Docking station for home working"]),
    (10, "Software", "Desktop", "Applications", [
        "Install Adobe Acrobat Pro", "Install Visio", "Software installation request: GIS viewer",
        "Microsoft Project licence"]),
    (9, "Telephony", "Telephony", "Infrastructure", [
        "New mobile phone request", "Change to hunt group membership", "New desk phone extension",
        "Replacement SIM card"]),
    (7, "Software", "Revenues & Benefits", "Applications", [
        "New user access to revenues system", "Benefits report change request"]),
    (5, "Software", "Housing system", "Applications", [
        "Access to housing system for agency worker", "Add user to repairs approval group"]),
    (5, "Software", "Finance system", "Applications", [
        "Add approver to Agresso workflow", "New cost centre set-up in Agresso"]),
    (4, "Software", "Website", "Applications", ["Update web page content", "New page on council website"]),
    (4, "Network", "Network", "Networks", [
        "Firewall port opening for supplier remote access", "Network point for new office at {site}",
        "Guest Wi-Fi access for event at {site}"]),
    (4, "Printing", "Printing", "Service Desk", ["Move MFD to new office at {site}", "Printer set-up for new team"]),
]
DEV_REQUESTS = [
    ("Software", "Housing system", "Development request: new field on repairs screen"),
    ("Software", "Housing system", "Development request: tenancy sustainment report"),
    ("Software", "Revenues & Benefits", "Development request: new recovery letter template"),
    ("Software", "Revenues & Benefits", "Development request: empty homes premium report"),
    ("Software", "Finance system", "Development request: new budget monitoring report"),
    ("Software", "Finance system", "Development request: purchase card reconciliation export"),
    ("Software", "Website", "Development request: new online form for garden waste"),
    ("Software", "Website", "Development request: online form for pest control bookings"),
    ("Software", "Planning system", "Development request: automated validation letters"),
    ("Software", "Microsoft 365", "Development request: Power App for site inspections"),
    ("Software", "Microsoft 365", "Development request: SharePoint site for licensing team"),
    ("Software", "Email", "Development request: shared mailbox auto-reply rules for Council Tax"),
]
PROBLEMS = [
    ("Software", "Email", "Applications", "Recurring Outlook authentication prompts after migration"),
    ("Network", "Network", "Networks", "Intermittent Wi-Fi drops at Holmwick House"),
    ("Software", "Revenues & Benefits", "Applications", "Repeated overnight revenues batch failures"),
    ("Software", "Citrix", "Infrastructure", "Citrix sessions freezing under load"),
    ("Hardware", "Desktop", "Service Desk", "Slow logon times on older laptops"),
    ("Telephony", "Telephony", "Infrastructure", "Contact centre calls dropping at queue transfer"),
    ("Printing", "Printing", "Service Desk", "Scan to email failing after mail relay change"),
    ("Software", "Housing system", "Applications", "Rent payment import failing on bank holidays"),
    ("Network", "Remote access", "Networks", "Remote access drops on some home routers"),
    ("Software", "Finance system", "Applications", "Agresso reports timing out at month end"),
    ("Software", "Microsoft 365", "Applications", "OneDrive sync conflicts on shared libraries"),
    ("Software", "Website", "Applications", "Website form submissions intermittently lost"),
]
CHANGES = [
    ("Software", "Desktop", "Infrastructure", "Apply monthly security updates to servers"),
    ("Network", "Network", "Networks", "Firewall rule change for supplier access"),
    ("Software", "Housing system", "Applications", "Apply housing system patch release"),
    ("Network", "Network", "Networks", "Replace access switch at {site}"),
    ("Software", "Website", "Applications", "Renew website TLS certificate"),
    ("Software", "Revenues & Benefits", "Applications", "Annual billing parameter update"),
    ("Software", "Finance system", "Applications", "Agresso year-end configuration change"),
    ("Telephony", "Telephony", "Infrastructure", "Update contact centre call flow"),
    ("Software", "Email", "Applications", "Update mail flow rules for secure email"),
    ("Network", "Remote access", "Networks", "Update remote access client version"),
]

PROJECT_CASES = [
    # (project key, count, off_min, off_max, category, service, group, priorities, summaries)
    ("m365", 18, -330, -15, "Software", "Email", "Applications", [3, 3, 3, 2, 4], [
        "Outlook profile not loading after mailbox migration", "Shared mailbox missing after migration to Exchange Online",
        "Cannot sign in to Teams after migration wave", "OneDrive known folder move failed",
        "Calendar permissions lost after mailbox migration", "MFA registration prompt loops after migration"]),
    ("win11", 12, -180, -3, "Hardware", "Desktop", "Service Desk", [3, 3, 4], [
        "Line-of-business application missing after Windows 11 rebuild", "Mapped drives not restored on new laptop",
        "Docking station firmware incompatible with new laptop", "Printer not installing on Windows 11 laptop",
        "BitLocker recovery key requested on new laptop"]),
    ("wan", 8, -300, -20, "Network", "Network", "Networks", [2, 3, 3], [
        "Site network outage during cutover", "Slow network after site cutover",
        "Phones not registering after site cutover", "Wi-Fi access points offline after switch replacement"]),
    ("firewall", 9, -62, -4, "Network", "Network", "Networks", [2, 2, 3], [
        "Hosted revenues application unreachable after firewall change",
        "Supplier remote access blocked after firewall cutover",
        "Website forms failing to reach back office after firewall change",
        "Email relay from MFDs blocked after firewall cutover",
        "Site-to-site link to Holmwick House down after cutover"]),
    ("itsm", 5, -120, -20, "Software", "Service desk portal", "Applications", [3, 4], [
        "Self-service portal not showing my open cases", "Email notifications from new service desk tool not received",
        "Knowledge article links broken after migration"]),
    ("mfd", 5, -150, -10, "Printing", "Printing", "Service Desk", [3, 4], [
        "New MFD not releasing print jobs", "Card reader on new MFD not reading ID badge",
        "Scan to email failing on new MFD"]),
    ("avd", 3, -90, -45, "Software", "Remote access", "Infrastructure", [3], [
        "Azure Virtual Desktop session disconnecting", "Planning application will not launch on Azure Virtual Desktop",
        "Slow logon to Azure Virtual Desktop pilot"]),
]
# open cases among the project-linked ones: (project key, state, hold reason)
PROJECT_OPEN = [("firewall", "active", ""), ("firewall", "active", ""), ("firewall", "on-hold", "Awaiting change"),
                ("m365", "on-hold", "Awaiting vendor"), ("m365", "on-hold", "Awaiting vendor"),
                ("win11", "active", ""), ("win11", "active", "")]

HOLD_TARGET = {"Awaiting user information": 80, "Awaiting vendor": 70, "Awaiting problem": 22,
               "Awaiting change": 30, "Development request awaiting resources": 104}
ACTIVE_INCIDENTS, ACTIVE_REQUESTS = 140, 11
NEW_INCIDENTS, NEW_REQUESTS = 10, 4
GENERAL_DONE = 2300  # resolved/closed/cancelled incidents and requests not linked to a project

# SLA-ish resolution time (hours, lognormal median, sigma) by kind and priority
DURATION = {("incident", 1): (2, 0.5), ("incident", 2): (4, 0.6), ("incident", 3): (12, 0.9),
            ("incident", 4): (30, 0.9), ("request", 2): (20, 0.7), ("request", 3): (48, 0.8),
            ("request", 4): (96, 0.8), ("problem", 2): (24 * 20, 0.6), ("problem", 3): (24 * 35, 0.6),
            ("change", 3): (24 * 6, 0.6), ("change", 4): (24 * 10, 0.6)}

MONTH_WEIGHT = {12: 0.8, 1: 1.05, 2: 1.0, 3: 1.15, 4: 1.1, 5: 1.0, 6: 1.0, 7: 0.95, 8: 0.85, 9: 1.05,
                10: 1.0, 11: 1.0}
DAYS = [WINDOW_START + timedelta(days=i) for i in range(365)]
DAYS = [x for x in DAYS if x.weekday() < 5 and x < ANCHOR]
DAY_WEIGHTS = [MONTH_WEIGHT[x.month] for x in DAYS]
CUM_DAY_WEIGHTS = []
_acc = 0.0
for w in DAY_WEIGHTS:
    _acc += w
    CUM_DAY_WEIGHTS.append(_acc)


def pick_weighted(table):
    return rng.choices(table, weights=[t[0] for t in table], k=1)[0]


def pick_org(orgs=BOTH):
    if len(orgs) == 1:
        return orgs[0]
    return BRK if rng.random() < 0.58 else HLM


def fill(summary, org):
    return summary.replace("{site}", rng.choice(SITES[org]))


def next_working(dtm):
    """Move a timestamp into working hours (08:00-18:00 on a weekday)."""
    if dtm.weekday() < 5 and 8 <= dtm.hour < 18:
        return dtm
    day = dtm.date()
    if dtm.hour >= 18 or dtm.weekday() >= 5:
        day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    minute = rng.randint(8 * 60 + 15, 11 * 60)
    return datetime.combine(day, time(minute // 60, minute % 60, rng.randint(0, 59)))


def resolution(kind, prio, opened):
    med, sigma = DURATION.get((kind, prio), (48, 0.8))
    hours = med * math.exp(rng.gauss(0, sigma))
    if kind in ("incident", "request") and rng.random() < 0.07:  # spent time on hold
        hours += rng.uniform(24 * 5, 24 * 30)
    hours = max(hours, 0.25)
    res = opened + timedelta(hours=hours)
    if prio >= 3 or kind in ("problem", "change"):
        res = next_working(res)
    return res


cases = []


def add_case(kind, prio, state, hold, opened, resolved, closed, cat, service, group, org, project, summary):
    assert opened.date() >= WINDOW_START and opened < NOW
    cases.append(dict(kind=kind, priority=prio, state=state, hold=hold, opened=opened, resolved=resolved,
                      closed=closed, category=cat, service=service, group=group, org=org,
                      project=project, summary=summary))


def finish(kind, prio, opened, allow_cancel=True):
    """Resolved/closed/cancelled state for a case opened at `opened` (returns None if it cannot finish)."""
    if allow_cancel and rng.random() < 0.03:
        closed = opened + timedelta(hours=rng.uniform(0.5, 72))
        if closed >= NOW:
            return None
        return "cancelled", None, closed
    for _ in range(6):
        res = resolution(kind, prio, opened)
        if res < NOW - timedelta(hours=2):
            break
    else:
        return None
    close_after = timedelta(days=rng.choice([3, 3, 4, 5]), minutes=rng.randint(0, 90))
    if res + close_after < NOW:
        return "closed", res, res + close_after
    return "resolved", res, None


def opened_on(off_min=None, off_max=None):
    if off_min is None:
        day = rng.choices(DAYS, cum_weights=CUM_DAY_WEIGHTS, k=1)[0]
    else:
        day = working_day_before(off_min, off_max)
    return work_time(day)


# project-linked incidents
open_quota = Counter((k, s, h) for k, s, h in PROJECT_OPEN)
for key, count, lo, hi, cat, service, group, prios, summaries in PROJECT_CASES:
    p = BY_KEY[key]
    opens = [(s, h) for (k, s, h) in PROJECT_OPEN if k == key]
    for i in range(count):
        org = pick_org(p["orgs"])
        prio = rng.choice(prios)
        summary = rng.choice(summaries)
        if i < len(opens):
            state, hold = opens[i]
            opened = opened_on(max(lo, -40), hi)
            add_case("incident", prio, state, hold, opened, None, None, cat, service, group, org, p["code"], summary)
            continue
        while True:
            opened = opened_on(lo, hi)
            fin = finish("incident", prio, opened, allow_cancel=False)
            if fin:
                break
        state, res, clo = fin
        add_case("incident", prio, state, "", opened, res, clo, cat, service, group, org, p["code"], summary)

linked_open = Counter()
for c in cases:
    if c["state"] == "on-hold":
        linked_open[("hold", c["hold"])] += 1
    elif c["state"] in ("new", "active"):
        linked_open[(c["state"], c["kind"])] += 1


def general_case(kind):
    table = INCIDENT_TYPES if kind == "incident" else REQUEST_TYPES
    _, cat, service, group, summaries = pick_weighted(table)
    return cat, service, group, summaries


def incident_priority(open_case=False):
    r = rng.random()
    if not open_case and r < 0.012:
        return 1
    if r < (0.02 if open_case else 0.10):
        return 2
    if r < 0.62:
        return 3
    return 4


def request_priority():
    r = rng.random()
    return 2 if r < 0.03 else (3 if r < 0.55 else 4)


# open: new and active
def add_open(kind, state, age_mean, age_cap, hold=""):
    cat, service, group, summaries = general_case(kind)
    org = pick_org()
    prio = incident_priority(True) if kind == "incident" else request_priority()
    if state == "new":
        age = rng.randint(1, age_cap)
    else:  # active: a backlog up to about ten weeks old, weighted to recent weeks
        age = 1 + int(age_cap * rng.random() ** age_mean)
    opened = opened_on(-age - 2, -age)
    add_case(kind, prio, state, hold, opened, None, None, cat, service, group, org, "", fill(rng.choice(summaries), org))


for _ in range(NEW_INCIDENTS - linked_open[("new", "incident")]):
    add_open("incident", "new", None, 3)
for _ in range(NEW_REQUESTS - linked_open[("new", "request")]):
    add_open("request", "new", None, 3)
for _ in range(ACTIVE_INCIDENTS - linked_open[("active", "incident")]):
    add_open("incident", "active", 1.6, 70)
for _ in range(ACTIVE_REQUESTS - linked_open[("active", "request")]):
    add_open("request", "active", 1.3, 60)

# open: on hold (stop-clock), older on the whole
HOLD_SHAPE = {  # share of incidents, mean age in days, cap
    "Awaiting user information": (0.6, 20, 120),
    "Awaiting vendor": (0.8, 45, 250),
    "Awaiting problem": (1.0, 60, 200),
    "Awaiting change": (0.6, 40, 180),
}
for reason, target in HOLD_TARGET.items():
    for _ in range(target - linked_open[("hold", reason)]):
        if reason == "Development request awaiting resources":
            cat, service, summary = rng.choice(DEV_REQUESTS)
            org = pick_org()
            age = rng.randint(25, 355)
            opened = opened_on(-age - 3, -age)
            add_case("request", rng.choice([3, 4, 4]), "on-hold", reason, opened, None, None, cat, service,
                     "Applications", org, "", summary)
            continue
        share, mean, cap = HOLD_SHAPE[reason]
        kind = "incident" if rng.random() < share else "request"
        cat, service, group, summaries = general_case(kind)
        org = pick_org()
        prio = incident_priority(True) if kind == "incident" else request_priority()
        age = min(cap, 3 + int(rng.expovariate(1.0 / mean)))
        opened = opened_on(-age - 3, -age)
        add_case(kind, prio, "on-hold", reason, opened, None, None, cat, service, group, org, "",
                 fill(rng.choice(summaries), org))

# finished incidents and requests: spread so that total inflow per working day stays even
per_day = Counter(c["opened"].date() for c in cases)
target = (len(cases) + GENERAL_DONE) / sum(DAY_WEIGHTS)
fill_weights = [max(0.8 * target * w, target * w - per_day[x]) for x, w in zip(DAYS, DAY_WEIGHTS)]
CUM_FILL = []
_acc = 0.0
for w in fill_weights:
    _acc += w
    CUM_FILL.append(_acc)
done = 0
while done < GENERAL_DONE:
    kind = "incident" if rng.random() < 0.57 else "request"
    cat, service, group, summaries = general_case(kind)
    org = pick_org()
    prio = incident_priority() if kind == "incident" else request_priority()
    opened = work_time(rng.choices(DAYS, cum_weights=CUM_FILL, k=1)[0])
    fin = finish(kind, prio, opened)
    if not fin:
        continue
    state, res, clo = fin
    add_case(kind, prio, state, "", opened, res, clo, cat, service, group, org, "", fill(rng.choice(summaries), org))
    done += 1

# problems and changes (all finished)
for cat, service, group, summary in PROBLEMS:
    while True:
        opened = opened_on(-360, -40)
        prio = rng.choice([2, 3, 3])
        fin = finish("problem", prio, opened, allow_cancel=False)
        if fin:
            break
    org = HLM if "Holmwick" in summary else pick_org()
    add_case("problem", prio, fin[0], "", opened, fin[1], fin[2], cat, service, group, org, "", summary)
for i in range(30):
    cat, service, group, summary = CHANGES[i % len(CHANGES)]
    org = pick_org()
    while True:
        opened = opened_on(-362, -12)
        prio = rng.choice([3, 3, 4])
        fin = finish("change", prio, opened, allow_cancel=(i % 9 == 4))
        if fin:
            break
    add_case("change", prio, fin[0], "", opened, fin[1], fin[2], cat, service, group, org, "", fill(summary, org))

PREFIX = {"incident": ("INC", 10001), "request": ("REQ", 20001), "problem": ("PRB", 30001),
          "change": ("CHG", 40001)}
case_rows = []
for kind in ("incident", "request", "problem", "change"):
    ks = sorted((c for c in cases if c["kind"] == kind), key=lambda c: c["opened"])
    prefix, start = PREFIX[kind]
    for i, c in enumerate(ks):
        c["ref"] = "%s%07d" % (prefix, start + i)
cases.sort(key=lambda c: (c["opened"], c["ref"]))
for c in cases:
    case_rows.append([c["ref"], c["kind"], c["priority"], c["state"], c["hold"], ts(c["opened"]),
                      ts(c["resolved"]), ts(c["closed"]), c["category"], c["service"], c["group"], c["org"],
                      c["project"], c["summary"]])


# --------------------------------------------------------------------------
# monthly case snapshots (2025-12 .. 2026-11); the last month equals the open cases above

final = {}
for org in BOTH:
    oc = [c for c in cases if c["org"] == org]
    final[org] = (sum(1 for c in oc if c["kind"] == "incident" and c["state"] in ("new", "active")),
                  sum(1 for c in oc if c["kind"] != "incident" and c["state"] in ("new", "active")),
                  sum(1 for c in oc if c["state"] == "on-hold"))
end_inc = sum(final[o][0] for o in BOTH)
end_req = sum(final[o][1] for o in BOTH)
end_stop = sum(final[o][2] for o in BOTH)
months = []
y, m = 2025, 12
for _ in range(12):
    months.append("%04d-%02d" % (y, m))
    m += 1
    if m == 13:
        y, m = y + 1, 1
start_inc, start_req, start_stop = 392, 52, 312  # = 756 in 2025-12
snap_rows = []
for i, month in enumerate(months):
    if i == 11:
        for org in BOTH:
            snap_rows.append([month, org, *final[org]])
        continue
    t = (i / 11.0) ** 0.85
    inc = round(start_inc + (end_inc - start_inc) * t + (rng.randint(-9, 9) if i else 0))
    req = round(start_req + (end_req - start_req) * t + (rng.randint(-4, 4) if i else 0))
    stop = round(start_stop + (end_stop - start_stop) * t + (rng.randint(-12, 12) if i else 0))
    # Brackenford's share of each column drifts from 58% towards its share in the final month
    noise = rng.uniform(-0.015, 0.015)
    b = []
    for value, k, end_total in ((inc, 0, end_inc), (req, 1, end_req), (stop, 2, end_stop)):
        end_share = final[BRK][k] / end_total if end_total else 0.58
        b.append(round(value * (0.58 + (end_share - 0.58) * t + noise)))
    snap_rows.append([month, BRK, *b])
    snap_rows.append([month, HLM, inc - b[0], req - b[1], stop - b[2]])


# --------------------------------------------------------------------------
# case state history (case_state_changes.csv)
#
# Derived from the finished case rows above with its own random.Random(6), so adding this file
# leaves every byte of the other files unchanged. Each case gets one row per state it entered:
# the first at opened_at (`new`, or `active` when it went straight to work), stop-clock holds in
# between, `resolved` at resolved_at, `closed` or `cancelled` at closed_at, and for an open case
# its current state (and hold reason) last. About a quarter of the finished incidents and requests
# spent time on hold; the ones that took far longer than usual for their priority almost all did.
# The open cases' holds are laid out so that, at the anchor, about SLA_SHARE of them are past
# their target or past SLA_WARN of it (open time minus time on hold). State changes fall in
# working hours where the case's dates leave room.

cs_rng = random.Random(6)
SLA_HOURS = {"incident": (4, 8, 24, 72), "request": (24, 48, 120, 240)}
SLA_WARN = 0.75
SLA_SHARE = {"incident": (0.15, 0.10), "request": (0.10, 0.08)}  # (breaching, warning) among open cases
HOLD_REASONS = list(HOLD_TARGET)
EARLIER_HOLDS = {  # reasons for holds before the current one, and for finished cases' holds
    "incident": [(55, "Awaiting user information"), (25, "Awaiting vendor"), (8, "Awaiting problem"),
                 (12, "Awaiting change")],
    "request": [(60, "Awaiting user information"), (32, "Awaiting vendor"), (8, "Awaiting change")],
}
CURRENT_HOLD_DAYS = {"Awaiting user information": 6, "Awaiting vendor": 14, "Awaiting problem": 21,
                     "Awaiting change": 10, "Development request awaiting resources": 35}
FINISHED_HOLD_SHARE = 0.15  # finished incidents and requests with a usual resolution time that had a hold
HOUR = 3600
DAY = 24 * HOUR


def cs_pick(table):
    return cs_rng.choices(table, weights=[t[0] for t in table], k=1)[0][1]


def cs_split(total, n, least):
    """Split `total` seconds into n parts at random, each at least `least` where that fits."""
    if n == 1:
        return [total]
    least = min(least, total // (2 * n))
    spare = total - least * n
    w = [cs_rng.random() + 0.25 for _ in range(n)]
    s = sum(w)
    parts = [least + int(spare * x / s) for x in w]
    parts[-1] += total - sum(parts)
    return parts


def cs_workday(day):
    return day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS


def cs_working(t):
    return cs_workday(t.date()) and 8 <= t.hour < 18


def cs_slot(t, later):
    """A working-hours moment just before t (late afternoon) or just after it (morning)."""
    day = t.date()
    if later:
        if t.hour >= 8:
            day += timedelta(days=1)
        while not cs_workday(day):
            day += timedelta(days=1)
        minute = cs_rng.randint(8 * 60 + 5, 9 * 60 + 50)
    else:
        if t.hour < 18:
            day -= timedelta(days=1)
        while not cs_workday(day):
            day -= timedelta(days=1)
        minute = cs_rng.randint(16 * 60 + 15, 17 * 60 + 55)
    return datetime.combine(day, time(minute // 60, minute % 60, cs_rng.randint(0, 59)))


def sla_target(kind, prio):
    hours = SLA_HOURS.get(kind)
    return hours[prio - 1] * HOUR if hours else None


def held_seconds(history, opened, end):
    """Seconds on hold between opened and end, from [(at, state), ...] oldest first."""
    total = 0
    for i, (at, state) in enumerate(history):
        if state != "on-hold":
            continue
        stop = history[i + 1][0] if i + 1 < len(history) else end
        lo, hi = max(at, opened), min(stop, end)
        if hi > lo:
            total += int((hi - lo).total_seconds())
    return total


def hold_plan(kind, active, held, holds, current=None):
    """Segments [kind, seconds, reason], alternating active (A) and hold (H): `active` seconds of
    work split around `holds` earlier holds totalling `held` seconds, then the current hold if any."""
    acts = cs_split(active, holds + 1, 300)
    hs = cs_split(held, holds, 1800) if holds else []
    segs = [["A", acts[0], ""]]
    for h, a in zip(hs, acts[1:]):
        segs.append(["H", h, cs_pick(EARLIER_HOLDS[kind])])
        segs.append(["A", a, ""])
    if current:
        segs.append(["H", current[0], current[1]])
    return segs


def earlier_holds(held):
    if held <= 0:
        return 0
    return 1 + (held > 10 * DAY and cs_rng.random() < 0.5) + (held > 40 * DAY and cs_rng.random() < 0.4)


def active_seconds(segs):
    return sum(s[1] for s in segs if s[0] == "A")


def tidy(opened, segs, mode, keep_last=False):
    """Move the changes between segments into working hours where the neighbours leave room.
    mode "finished": anything goes. "active"/"on-hold" (open cases): keep the total active time
    close by moving each change the way that cancels the drift so far. With keep_last, an
    active case's last return to work stays where it is (a user's reply reopens a case at any
    hour), so that its clock at the anchor stays short."""
    times = [opened]
    for s in segs:
        times.append(times[-1] + timedelta(seconds=s[1]))
    least = []
    for i, s in enumerate(segs):
        if s[0] == "A":
            least.append(300 if i in (0, len(segs) - 1) else 120)
        elif mode == "on-hold" and i == len(segs) - 1:
            least.append(12 * HOUR)  # the current hold
        else:
            least.append(1800)
    drift = 0
    for j in range(1, len(segs)):
        t = times[j]
        if cs_working(t) or (keep_last and j == len(segs) - 1):
            continue
        lo = times[j - 1] + timedelta(seconds=least[j - 1])
        hi = times[j + 1] - timedelta(seconds=least[j])
        best = None
        for later in (False, True):
            x = cs_slot(t, later)
            if not lo < x < hi:
                continue
            delta = int((x - t).total_seconds())
            gain = delta if segs[j][0] == "H" else -delta  # change in active time
            score = abs(delta) if mode == "finished" else abs(drift + gain)
            if best is None or score < best[0]:
                best = (score, x, gain)
        if best:
            times[j] = best[1]
            drift += best[2]
    return [[s[0], int((times[i + 1] - times[i]).total_seconds()), s[2]] for i, s in enumerate(segs)]


def history_from(ref, opened, segs, tail, new_first):
    """Rows for one case: segments from opened_at, then the (time, state) tail rows."""
    rows = []
    t = opened
    for i, (kind, secs, reason) in enumerate(segs):
        if i == 0:
            if new_first and secs >= 240:
                rows.append([ref, ts(t), "new", ""])
                delay = min(secs // 2, cs_rng.randint(120, 2 * HOUR))
                rows.append([ref, ts(t + timedelta(seconds=delay)), "active", ""])
            else:
                rows.append([ref, ts(t), "active", ""])
        else:
            rows.append([ref, ts(t), "on-hold" if kind == "H" else "active", reason])
        t += timedelta(seconds=secs)
    for at, state in tail:
        rows.append([ref, ts(at), state, ""])
    return rows


def cs_time(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%S") if s else None


# Which open incidents and requests are past their target, or past SLA_WARN of it, at the anchor.
open_rows = [r for r in case_rows if r[3] in ("new", "active", "on-hold") and r[1] in SLA_HOURS]
sla_class = {}
for kind in SLA_HOURS:
    rows = [r for r in open_rows if r[1] == kind]
    fixed_b = fixed_w = 0
    can_b, can_w = [], []
    for r in rows:
        target = sla_target(kind, int(r[2]))
        room = int((NOW - cs_time(r[5])).total_seconds())
        if r[3] == "new":  # never worked, never held: the clock has run since opened
            fixed_b += room > target
            fixed_w += SLA_WARN * target <= room <= target
            continue
        if r[3] == "on-hold":
            room -= 12 * HOUR
        if room >= 1.15 * target:
            can_b.append(r[0])
        if room >= 0.96 * target:
            can_w.append(r[0])
    share_b, share_w = SLA_SHARE[kind]
    for ref in cs_rng.sample(can_b, max(0, min(len(can_b), round(share_b * len(rows)) - fixed_b))):
        sla_class[ref] = "breach"
    can_w = [ref for ref in can_w if ref not in sla_class]
    for ref in cs_rng.sample(can_w, max(0, min(len(can_w), round(share_w * len(rows)) - fixed_w))):
        sla_class[ref] = "warn"

cs_rows = []
for r in case_rows:
    ref, kind, prio, state, hold = r[0], r[1], int(r[2]), r[3], r[4]
    opened, resolved, closed = cs_time(r[5]), cs_time(r[6]), cs_time(r[7])
    new_first = cs_rng.random() < 0.5
    desk = kind in SLA_HOURS
    if state == "new":
        cs_rows.append([ref, ts(opened), "new", ""])
        continue
    if state in ("active", "on-hold"):
        target = sla_target(kind, prio)
        room = int((NOW - opened).total_seconds())
        cls = sla_class.get(ref, "ok")
        if cls == "breach":
            f = min(1.12 + cs_rng.expovariate(1 / 0.9), 6.0)
            lo_f, hi_f = 1.05, 99
        elif cls == "warn":
            f = cs_rng.uniform(0.79, 0.94)
            lo_f, hi_f = 0.77, 0.97
        elif state == "active":  # small, so it stays within target for much of the anchor day
            hi_f = 0.45 if prio == 4 or kind == "request" else 0.4
            f = cs_rng.uniform(0.03, hi_f - 0.1)
            lo_f = 0
        else:
            f = cs_rng.uniform(0.04, 0.65)
            lo_f, hi_f = 0, 0.72
        active = max(600, int(target * f))
        if state == "active":
            active = min(active, room)
            held = room - active
            if held < 1800:
                active, held = room, 0
            segs = hold_plan(kind, active, held, earlier_holds(held))
        else:
            active = min(active, room - 12 * HOUR)
            free = room - active
            want = int(DAY * CURRENT_HOLD_DAYS[hold] * math.exp(cs_rng.gauss(0, 0.8)))
            cap = free if cs_rng.random() < 0.3 else int(free * cs_rng.uniform(0.55, 0.95))
            current = min(max(want, DAY), cap) if cap >= DAY else free
            held = free - current
            if held < 2 * HOUR:
                current, held = free, 0
            segs = hold_plan(kind, active, held, earlier_holds(held), (current, hold))
        for _ in range(4):
            tidied = tidy(opened, segs, state, keep_last=cls == "ok")
            if lo_f * target <= active_seconds(tidied) <= hi_f * target:
                segs = tidied
                break
        cs_rows.extend(history_from(ref, opened, segs, [], new_first))
        continue
    if state == "cancelled":
        end = closed or min(opened + timedelta(hours=cs_rng.uniform(0.5, 24)), NOW - timedelta(minutes=1))
        span = int((end - opened).total_seconds())
        if desk and span > 4 * HOUR and cs_rng.random() < 0.35:  # the user never came back
            first = int(span * cs_rng.uniform(0.05, 0.4))
            segs = tidy(opened, [["A", first, ""], ["H", span - first, "Awaiting user information"]], "finished")
            cs_rows.extend(history_from(ref, opened, segs, [(end, "cancelled")], new_first))
        elif new_first and cs_rng.random() < 0.5:  # withdrawn before anyone picked it up
            cs_rows.append([ref, ts(opened), "new", ""])
            cs_rows.append([ref, ts(end), "cancelled", ""])
        else:
            cs_rows.extend(history_from(ref, opened, [["A", span, ""]], [(end, "cancelled")], new_first))
        continue
    # resolved or closed
    span = int((resolved - opened).total_seconds())
    segs = [["A", span, ""]]
    if desk and span >= HOUR:
        med, sigma = DURATION.get((kind, prio), (48, 0.8))
        long = span > 3 * DAY and span > HOUR * med * math.exp(1.8 * sigma)
        if cs_rng.random() < (0.97 if long else FINISHED_HOLD_SHARE):
            if long:
                active = int(HOUR * min(med * math.exp(cs_rng.gauss(0, sigma)), 0.5 * span / HOUR))
            else:
                active = int(span * cs_rng.uniform(0.35, 0.8))
            active = max(active, 600)
            held = span - active
            holds = 2 if held > 2 * HOUR and cs_rng.random() < 0.22 else 1
            segs = tidy(opened, hold_plan(kind, active, held, holds), "finished")
    tail = [(resolved, "resolved")] + ([(closed, "closed")] if closed else [])
    cs_rows.extend(history_from(ref, opened, segs, tail, new_first))


# --------------------------------------------------------------------------
# projects.csv


def money(v):
    return "" if v is None else str(int(v))


proj_rows = []
for p in PROJECTS:
    proj_rows.append([p["code"], p["name"], p["theme"], ";".join(p["orgs"]), p["stage"], p["rag"], p["rag_reason"],
                      p["manager"], p["sponsor"], iso(p["start_date"]), iso(p["baseline_end"]),
                      iso(p["forecast_end"]), money(p["cap"]), money(p["rev"]), money(p["spend"]),
                      p["pct"], p["desc"]])


# --------------------------------------------------------------------------
# recommendations.csv, certifications.csv, certification_assessments.csv
#
# The assurance registers, written out by hand in the words of the seed reports (the Cyber
# Crime audit's three outstanding actions, full assurance for Software Controls, the SOCITM
# review's improvement plan, PCI DSS quarterly scans, PSN, ISO re-certification by BSI). No
# random draws, so adding them changed no other file. Due dates and expiries are plans, so
# they may fall after the anchor; everything else is before it. No text names a date, since
# the loader shifts only the date columns.
#
# At the anchor: the Cyber Crime audit (limited assurance) has three outstanding actions, and
# its high-priority policy revision is the one overdue recommendation; the Microsoft 365 action
# of the SOCITM plan and the disaster recovery test have revised due dates and are not overdue.
# PSN is the one certification due (its certificate expires within CERT_DUE_DAYS of the anchor,
# before ICT-027's forecast end); every other certification is current, none failed or expired.

CERT_DUE_DAYS = 60  # the app's default `certification_due_days`
INTERNAL_AUDIT = "Internal Audit Partnership"
SOCITM = "SOCITM Advisory"


def A(code, audit, audit_date, assurance, auditor, recommendation, priority, owner, action, due,
      revised=None, status="open", implemented=None, evidence="", project=None):
    return [code, audit, iso(audit_date), assurance, recommendation, priority, owner, action, iso(due),
            iso(revised), status, iso(implemented), evidence, CODE[project] if project else "", auditor]


def cyber_crime(code, *rest, **kw):
    return A(code, "Cyber Crime", date(2026, 3, 12), "limited", INTERNAL_AUDIT, *rest, **kw)


def software_controls(code, *rest, **kw):
    return A(code, "Software Controls", date(2026, 2, 18), "full", INTERNAL_AUDIT, *rest, **kw)


def disaster_recovery(code, *rest, **kw):
    return A(code, "IT Disaster Recovery", date(2025, 12, 10), "reasonable", INTERNAL_AUDIT, *rest, **kw)


def socitm(code, *rest, **kw):
    # An improvement plan from an external review: no assurance opinion.
    return A(code, "SOCITM review", date(2026, 1, 21), "", SOCITM, *rest, **kw)


rec_rows = [
    cyber_crime("CC-01", "Revise the Information Security and Acceptable Use policies to include guidance for "
                "users on GDPR and cyber security", "high", IMRAN,
                "Both policies being revised with additional GDPR and cyber security guidance; drafts with the "
                + SIGG + " for approval", date(2026, 9, 30), status="in-progress", project="cyber"),
    cyber_crime("CC-02", "Review the information asset register and audit it for completeness", "medium", RACHEL,
                "Information asset register being reviewed with each service's information asset owner",
                date(2027, 1, 29), status="in-progress", project="gdpr"),
    cyber_crime("CC-03", "Update the training materials with GDPR and cyber security guidance and roll out GDPR "
                "training to all staff", "medium", IMRAN,
                "Training materials being updated; GDPR training sessions being rolled out at both councils",
                date(2027, 2, 26), status="in-progress"),
    cyber_crime("CC-04", "Require multi-factor authentication for all remote access", "high", RACHEL,
                "Multi-factor authentication rolled out to all users by the cyber security programme",
                date(2026, 6, 30), status="verified", implemented=date(2026, 6, 15),
                evidence="Conditional access policy report checked at the audit follow-up", project="cyber"),
    software_controls("SC-01", "Record the software licence entitlements of both councils in the asset register",
                      "low", LUCY, "Licence entitlements for line-of-business systems added to the asset register",
                      date(2026, 5, 29), status="verified", implemented=date(2026, 4, 24),
                      evidence="Asset register extract checked at the audit follow-up"),
    software_controls("SC-02", "Remove local administrator rights from the remaining standard user accounts", "low",
                      GARETH, "Local administrator rights removed in the Windows 11 desktop build",
                      date(2026, 6, 30), status="verified", implemented=date(2026, 5, 15),
                      evidence="Endpoint management report: no standard accounts with local administrator rights",
                      project="win11"),
    disaster_recovery("DR-01", "Test the full recovery of critical systems at a secondary site at least once a "
                      "year", "high", BEN,
                      "Full recovery test to follow the build of the disaster recovery site; due date revised "
                      "while the capital bid is decided", date(2026, 10, 30), revised=date(2027, 4, 30),
                      status="in-progress", project="dr"),
    disaster_recovery("DR-02", "Bring the ICT disaster recovery plan into the corporate business continuity plan, "
                      "with an agreed order for restoring servers and applications", "medium", TOM,
                      "Restore order agreed with service managers and added to the corporate disaster recovery plan",
                      date(2026, 3, 31), status="verified", implemented=date(2026, 3, 20),
                      evidence="Corporate business continuity plan approved by the Corporate Management Team"),
    disaster_recovery("DR-03", "Keep immutable off-site copies of backups and test restores every month", "medium",
                      RACHEL, "Immutable off-site copies in place after the backup methodology review; monthly "
                      "restore tests scheduled", date(2026, 4, 30), status="implemented",
                      implemented=date(2026, 4, 24), evidence="Restore test log", project="backup"),
    disaster_recovery("DR-04", "Agree a recovery time objective for each critical service with its service manager",
                      "low", LUCY, "Recovery time objectives being agreed service by service", date(2027, 1, 29)),
    socitm("SOC-01", "Fixing the foundations: complete the WAN and LAN refresh at both councils", "high", TOM,
           "New network being installed site by site with the network supplier", date(2027, 1, 29),
           status="in-progress", project="wan"),
    socitm("SOC-02", "Fixing the foundations: complete the Microsoft 365 migration for all staff and Members", "high",
           PRIYA, "Migration of the remaining Holmwick mailboxes paused after authentication failures; due date "
           "revised to the new wave plan agreed with the supplier", date(2026, 9, 30), revised=date(2027, 3, 31),
           status="in-progress", project="m365"),
    socitm("SOC-03", "Transition to an ICT and Digital Service Partnership: agree a partnership agreement and "
           "service catalogue with both councils", "medium", COLIN,
           "Draft partnership agreement with both councils' leadership teams", date(2027, 2, 26),
           status="in-progress"),
    socitm("SOC-04", "Recruit permanent network and security engineers to remove single points of failure",
           "medium", COLIN, "Interim roles in place while recruitment campaigns run", date(2027, 3, 31)),
    socitm("SOC-05", "Appoint specialist cyber implementation support through the National Cyber Security Centre "
           "framework", "medium", IMRAN, "Specialist support contract let through the NCSC framework",
           date(2026, 7, 31), status="implemented", implemented=date(2026, 7, 10),
           evidence="Call-off contract signed", project="cyber"),
    socitm("SOC-06", "Convergence and savings: replace the two contact centre telephony contracts with one "
           "platform", "medium", SIOBHAN, "Business case for a single telephony platform approved; replacement "
           "under way", date(2026, 3, 31), status="implemented", implemented=date(2026, 3, 6),
           evidence="Business case approved by both councils", project="ccphone"),
    socitm("SOC-07", "Convergence and savings: appraise the options for converging the revenues and benefits "
           "systems", "low", DANIEL, "Options appraisal to start when the project is resourced", date(2027, 3, 31),
           project="revs"),
]


def C(code, name, body, scope, certified_on, expires_on, frequency, owner, project=None, notes=""):
    return [code, name, body, scope, iso(certified_on), iso(expires_on), frequency, owner,
            CODE[project] if project else "", notes]


BSI = "BSI (UKAS accredited certification body)"
cert_rows = [
    C("PSN", "Public Services Network (PSN) compliance", "Cabinet Office",
      "Both councils' connections to the Public Services Network, including data exchange with DWP",
      date(2026, 1, 15), date(2027, 1, 15), "annual", OWEN, "psn",
      "Re-certification submission waits for the remediation of the IT Health Check findings"),
    C("CE-PLUS", "Cyber Essentials Plus", "IASME certification body (Corvid Assurance Ltd)",
      "Corporate networks, end-user devices and the Microsoft 365 tenancy of both councils",
      date(2026, 4, 21), date(2027, 4, 21), "annual", IMRAN, "cyber",
      "Hands-on technical audit passed first time"),
    C("ISO27001", "ISO 27001:2022", BSI, "Information security management system of the Shared ICT service",
      date(2026, 3, 18), date(2029, 3, 16), "annual", IMRAN, None,
      "Re-certified; moved from ISO 27001:2013 to the 2022 standard at the previous surveillance audit"),
    C("ISO9001", "ISO 9001:2015", BSI, "Quality management system for ICT service delivery and the Service Desk",
      date(2025, 6, 10), date(2028, 6, 9), "annual", KAREN, None, "Re-certified; annual surveillance audits"),
    C("PCI-DSS", "PCI DSS", "Harbourline Security Ltd (QSA and ASV)",
      "Card payments at both councils: contact centre, cashiers and online payments",
      date(2026, 4, 1), date(2027, 4, 1), "quarterly", OWEN, "pci",
      "Quarterly external vulnerability scans by the ASV; annual self-assessment questionnaire and attestation "
      "of compliance"),
    C("DSPT", "Data Security and Protection Toolkit", "NHS England",
      "Information shared with NHS partners for housing adaptations and hospital discharge",
      date(2026, 6, 26), date(2027, 6, 30), "annual", RACHEL, None, "Standards Met"),
]

cert_assess_rows = [
    ["PSN", iso(date(2025, 1, 16)), "pass", "Compliance submission accepted; certificate issued"],
    ["PSN", iso(date(2026, 1, 15)), "pass", "Compliance submission accepted after the IT Health Check; certificate "
                                            "issued"],
    ["CE-PLUS", iso(date(2025, 4, 23)), "pass", "Technical audit and vulnerability scan passed"],
    ["CE-PLUS", iso(date(2026, 4, 21)), "pass", "Technical audit and vulnerability scan passed"],
    ["ISO27001", iso(date(2024, 3, 20)), "pass", "Surveillance audit; no non-conformities"],
    ["ISO27001", iso(date(2025, 3, 19)), "pass-with-actions",
     "Surveillance and transition audit; two minor non-conformities (supplier security reviews, access review "
     "records), closed within the agreed period"],
    ["ISO27001", iso(date(2026, 3, 18)), "pass", "Re-certification audit; no non-conformities"],
    ["ISO9001", iso(date(2024, 6, 11)), "pass", "Surveillance audit; no non-conformities"],
    ["ISO9001", iso(date(2025, 6, 10)), "pass", "Re-certification audit; two opportunities for improvement"],
    ["ISO9001", iso(date(2026, 6, 9)), "pass", "Surveillance audit; no non-conformities"],
    ["PCI-DSS", iso(date(2026, 2, 10)), "pass", "Quarterly external scan: no failing vulnerabilities"],
    ["PCI-DSS", iso(date(2026, 5, 12)), "pass", "Quarterly external scan: no failing vulnerabilities"],
    ["PCI-DSS", iso(date(2026, 8, 11)), "pass", "Quarterly external scan passed after one rescan"],
    ["PCI-DSS", iso(date(2026, 11, 10)), "pass", "Quarterly external scan: no failing vulnerabilities"],
    ["DSPT", iso(date(2025, 6, 27)), "pass", "Standards Met"],
    ["DSPT", iso(date(2026, 6, 26)), "pass", "Standards Met"],
]


# --------------------------------------------------------------------------
# write

FILES = {
    "projects.csv": ("code,name,theme,organisations,stage,rag,rag_reason,manager,sponsor,start_date,baseline_end,"
                     "forecast_end,budget_capital,budget_revenue,spend_to_date,percent_complete,description",
                     proj_rows),
    "rag_history.csv": ("project_code,changed_at,rag,reason,changed_by", rag_rows),
    "milestones.csv": ("project_code,name,baseline_date,forecast_date,actual_date,owner,notes", ms_rows),
    "milestone_changes.csv": ("project_code,milestone,changed_at,field,old_date,new_date,reason,changed_by",
                              mc_rows),
    "risks.csv": ("project_code,code,kind,title,consequence,control,owner,status,likelihood,impact,"
                  "inherent_likelihood,inherent_impact,target_likelihood,target_impact,review_date", risk_rows),
    "risk_assessments.csv": ("risk_code,assessed_at,likelihood,impact,note", assess_rows),
    "cases.csv": ("ref,kind,priority,state,hold_reason,opened_at,resolved_at,closed_at,category,service,"
                  "assignment_group,organisation,project_code,summary", case_rows),
    "case_snapshots.csv": ("month,organisation,open_incidents,open_requests,stop_clock", snap_rows),
    "case_state_changes.csv": ("ref,changed_at,state,hold_reason", cs_rows),
    "recommendations.csv": ("code,audit,audit_date,assurance,recommendation,priority,owner,action,due_date,"
                            "revised_due_date,status,implemented_date,evidence,project_code,auditor", rec_rows),
    "certifications.csv": ("code,name,body,scope,certified_on,expires_on,frequency,owner,project_code,notes",
                           cert_rows),
    "certification_assessments.csv": ("certification_code,date,result,notes", cert_assess_rows),
}


def write_all():
    for name, (header, rows) in FILES.items():
        with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header.split(","))
            w.writerows(rows)
    with open(os.path.join(HERE, "ANCHOR"), "w", encoding="utf-8") as f:
        f.write(ANCHOR.isoformat() + "\n")


# --------------------------------------------------------------------------
# check (reads the files back)


def read(name):
    with open(os.path.join(HERE, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def check():
    errors = []

    def need(cond, msg):
        if not cond:
            errors.append(msg)

    def pd(s):
        return date.fromisoformat(s) if s else None

    def pt(s):
        return datetime.strptime(s, "%Y-%m-%dT%H:%M:%S") if s else None

    for name, (header, _) in FILES.items():
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            need(f.readline().rstrip("\n") == header, "%s: header" % name)
    with open(os.path.join(HERE, "ANCHOR"), encoding="utf-8") as f:
        need(f.read().strip() == ANCHOR.isoformat(), "ANCHOR")

    projects = read("projects.csv")
    pcodes = {p["code"]: p for p in projects}
    need(len(pcodes) == len(projects) == 36, "project codes unique, 36")
    stages = Counter(p["stage"] for p in projects)
    need(set(stages) == {"proposed", "awaiting-resource", "in-delivery", "completed", "closed", "on-hold",
                         "cancelled"}, "every stage present")
    need({p["theme"] for p in projects} == {TH_GOV, TH_ARCH, TH_TRANS}, "three themes")
    live = [p for p in projects if p["stage"] in LIVE]
    for p in projects:
        need(p["rag"] in ("red", "amber-red", "amber", "amber-green", "green", "unrated"), p["code"] + " rag")
        if p["rag"] not in ("green", "unrated"):
            need(p["rag_reason"].strip() != "", p["code"] + " reason required")
        for o in p["organisations"].split(";"):
            need(o in BOTH, p["code"] + " organisation")
        s, b, fe = pd(p["start_date"]), pd(p["baseline_end"]), pd(p["forecast_end"])
        if s:
            need(s < b <= fe, p["code"] + " date order")
            slip = (fe - b).days
            if p["stage"] in LIVE:
                if p["rag"] == "red":
                    need(slip > 30, p["code"] + " red slip")
                if p["rag"] == "amber":
                    need(1 <= slip <= 30, p["code"] + " amber slip")
                if p["rag"] == "green":
                    need(slip == 0, p["code"] + " green slip")
        if p["stage"] in ("completed", "closed"):
            need(p["rag"] == "green" and p["percent_complete"] == "100" and fe < ANCHOR, p["code"] + " completed")
        for col in ("budget_capital", "budget_revenue", "spend_to_date"):
            need(p[col] == "" or p[col].isdigit(), p["code"] + " money " + col)
        need(0 <= int(p["percent_complete"]) <= 100, p["code"] + " percent")

    hist = read("rag_history.csv")
    by_p = defaultdict(list)
    for h in hist:
        need(h["project_code"] in pcodes, "history code " + h["project_code"])
        need(h["changed_by"].strip() != "", "history changed_by")
        if h["rag"] != "green":
            need(h["reason"].strip() != "", "history reason " + h["project_code"])
        by_p[h["project_code"]].append(h)
    stale = []
    for p in projects:
        hs = by_p.get(p["code"], [])
        if p["stage"] in ("proposed", "awaiting-resource"):
            need(not hs, p["code"] + " no history expected")
            continue
        need(2 <= len(hs) <= 8, p["code"] + " history count")
        times = [pt(h["changed_at"]) for h in hs]
        need(times == sorted(times) and len(set(times)) == len(times), p["code"] + " history order")
        need(all(in_window(t) for t in times), p["code"] + " history window")
        need(hs[-1]["rag"] == p["rag"] and hs[-1]["reason"] == p["rag_reason"], p["code"] + " last history = current")
        if p["stage"] in LIVE:
            age = (NOW - times[-1]).days
            if age > 35:
                stale.append(p["code"])
            else:
                need(age <= 30, p["code"] + " last update between 30 and 35 days")
    need(4 <= len(stale) <= 6, "4-6 stale live projects")

    ms = read("milestones.csv")
    keys = Counter((m["project_code"], m["name"]) for m in ms)
    need(all(v == 1 for v in keys.values()), "milestone names unique per project")
    per_p = Counter(m["project_code"] for m in ms)
    done = overdue = slipped = 0
    overdue_by_rag = Counter()
    for m in ms:
        need(m["project_code"] in pcodes, "milestone code")
        b, f, a = pd(m["baseline_date"]), pd(m["forecast_date"]), pd(m["actual_date"])
        need(b is not None and f is not None, "milestone dates")
        if a:
            done += 1
            need(a < ANCHOR, "actual in the past")
        elif f < ANCHOR:
            overdue += 1
            overdue_by_rag[pcodes[m["project_code"]]["rag"]] += 1
        elif f > b:
            slipped += 1
    for p in projects:
        n = per_p.get(p["code"], 0)
        if p["stage"] != "proposed":
            need(3 <= n <= 8, p["code"] + " milestone count %d" % n)
        if p["stage"] in LIVE:
            last = max((m for m in ms if m["project_code"] == p["code"]), key=lambda m: m["baseline_date"])
            need(last["baseline_date"] == p["baseline_end"] and last["forecast_date"] == p["forecast_end"],
                 p["code"] + " final milestone = project end")
    need(len(ms) >= 170, "at least 170 milestones")
    need(overdue >= 12, "at least 12 overdue milestones")

    changes = read("milestone_changes.csv")
    ms_by_key = {(m["project_code"], m["name"]): m for m in ms}
    chains = defaultdict(list)
    for c in changes:
        key = (c["project_code"], c["milestone"])
        need(key in ms_by_key, "change for unknown milestone %s / %s" % key)
        need(c["field"] == "forecast", "change field " + c["field"])
        need(c["reason"].strip() != "" and c["changed_by"].strip() != "", "change reason/changed_by")
        chains[key].append(c)
    recent_moves = 0
    recent_projects = set()
    for key, m in ms_by_key.items():
        ch = chains.get(key, [])
        moved = m["baseline_date"] != m["forecast_date"]
        need(bool(ch) == moved and len(ch) <= 3, "%s / %s: chain length %d" % (key + (len(ch),)))
        if not ch:
            continue
        need(ch[0]["old_date"] == m["baseline_date"], "%s / %s: chain starts at baseline" % key)
        need(ch[-1]["new_date"] == m["forecast_date"], "%s / %s: chain ends at forecast" % key)
        need(all(x["new_date"] == y["old_date"] for x, y in zip(ch, ch[1:])), "%s / %s: chain continuous" % key)
        times = [pt(c["changed_at"]) for c in ch]
        need(all(x < y for x, y in zip(times, times[1:])), "%s / %s: changed_at increasing" % key)
        start = pd(pcodes[key[0]]["start_date"])
        for c, t in zip(ch, times):
            need(start <= t.date() and t < NOW and t.weekday() < 5 and 8 <= t.hour < 18,
                 "%s / %s: changed_at %s" % (key + (c["changed_at"],)))
            need(t.date() <= pd(c["old_date"]) + timedelta(days=14), "%s / %s: recorded too late" % key)
            need(c["old_date"] != c["new_date"], "%s / %s: no-op move" % key)
            if t.date() >= RECENT:
                recent_moves += 1
                recent_projects.add(key[0])
        if m["actual_date"]:
            need(times[-1].date() <= pd(m["actual_date"]), "%s / %s: move after completion" % key)
    need(recent_moves >= 12, "at least 12 milestone moves in the last 60 days")
    need(sum(1 for c in recent_projects if pcodes[c]["rag"] in ("red", "amber-red", "amber")) >= 4,
         "recent moves spread over red/amber projects")

    risks = read("risks.csv")
    rcodes = {r["code"]: r for r in risks}
    need(len(rcodes) == len(risks) >= 45, "risk codes unique, >= 45")
    band = Counter()
    for r in risks:
        need(r["project_code"] == "" or r["project_code"] in pcodes, "risk project " + r["code"])
        L, I = int(r["likelihood"]), int(r["impact"])
        inh = int(r["inherent_likelihood"]) * int(r["inherent_impact"])
        tgt = int(r["target_likelihood"]) * int(r["target_impact"])
        need(all(1 <= int(r[c]) <= 5 for c in ("likelihood", "impact", "inherent_likelihood", "inherent_impact",
                                                "target_likelihood", "target_impact")), "risk 1-5 " + r["code"])
        need(inh >= L * I >= tgt, "risk score order " + r["code"])
        rv = pd(r["review_date"])
        need(abs((rv - ANCHOR).days) <= 60, "review date window " + r["code"])
        s = L * I
        band["very high (15-25)" if s >= 15 else "high (8-12)" if s >= 8 else "medium (4-6)" if s >= 4
             else "low (1-3)"] += 1
    ass = read("risk_assessments.csv")
    by_r = defaultdict(list)
    for a in ass:
        need(a["risk_code"] in rcodes, "assessment risk code")
        by_r[a["risk_code"]].append(a)
    for code, r in rcodes.items():
        a = by_r.get(code, [])
        need(1 <= len(a) <= 4, code + " assessment count")
        days = [pd(x["assessed_at"]) for x in a]
        need(days == sorted(days) and len(set(days)) == len(days), code + " assessment order")
        need(all(WINDOW_START <= x < ANCHOR for x in days), code + " assessment window")
        need(a and a[-1]["likelihood"] == r["likelihood"] and a[-1]["impact"] == r["impact"],
             code + " last assessment = current")

    cs = read("cases.csv")
    need(len({c["ref"] for c in cs}) == len(cs), "case refs unique")
    states = Counter(c["state"] for c in cs)
    kinds = Counter(c["kind"] for c in cs)
    open_cases = [c for c in cs if c["state"] in ("new", "active", "on-hold")]
    for c in cs:
        o, r, cl = pt(c["opened_at"]), pt(c["resolved_at"]), pt(c["closed_at"])
        need(in_window(o) and o.weekday() < 5 and 8 <= o.hour < 18, "opened in hours " + c["ref"])
        need((c["hold_reason"] != "") == (c["state"] == "on-hold"), "hold reason " + c["ref"])
        if c["state"] in ("new", "active", "on-hold"):
            need(r is None and cl is None, "open case has no end " + c["ref"])
        if c["state"] in ("resolved", "closed"):
            need(r is not None and o < r < NOW, "resolved time " + c["ref"])
        if c["state"] == "closed":
            need(cl is not None and r < cl < NOW, "closed time " + c["ref"])
        if c["state"] == "resolved":
            need(cl is None, "resolved not closed " + c["ref"])
        if c["state"] == "cancelled":
            need(r is None and (cl is None or o < cl < NOW), "cancelled " + c["ref"])
        if c["project_code"]:
            need(c["project_code"] in pcodes and pcodes[c["project_code"]]["stage"] == "in-delivery",
                 "case project " + c["ref"])
            need(c["organisation"] in pcodes[c["project_code"]]["organisations"].split(";"), "case org " + c["ref"])
        need(c["organisation"] in BOTH and 1 <= int(c["priority"]) <= 4, "case org/priority " + c["ref"])
    snaps = read("case_snapshots.csv")
    need(len(snaps) == 24, "24 snapshot rows")
    tot = defaultdict(int)
    for s in snaps:
        tot[s["month"]] += int(s["open_incidents"]) + int(s["open_requests"]) + int(s["stop_clock"])
    need(tot["2026-11"] == len(open_cases), "last snapshot = open cases")
    size = os.path.getsize(os.path.join(HERE, "cases.csv"))
    need(size < 600 * 1024, "cases.csv under 600 KB")

    sc = read("case_state_changes.csv")
    case_by_ref = {c["ref"]: c for c in cs}
    hist_by = defaultdict(list)
    for h in sc:
        need(h["ref"] in case_by_ref, "state change for unknown case " + h["ref"])
        need(h["state"] in ("new", "active", "on-hold", "resolved", "closed", "cancelled"),
             "state change state " + h["ref"])
        need((h["hold_reason"] != "") == (h["state"] == "on-hold"), "state change hold reason " + h["ref"])
        need(h["hold_reason"] == "" or h["hold_reason"] in HOLD_REASONS, "state change reason " + h["ref"])
        hist_by[h["ref"]].append((pt(h["changed_at"]), h["state"], h["hold_reason"]))
    refs_in_order = [c["ref"] for c in cs]
    seen_order = list(dict.fromkeys(h["ref"] for h in sc))
    need(seen_order == [r for r in refs_in_order if r in hist_by], "state changes grouped in cases.csv order")
    finished_desk = finished_held = 0
    current_hold_days = []
    sla_now = defaultdict(Counter)  # kind -> status counts at the anchor
    sla_drift = {h: defaultdict(Counter) for h in (9, 12, 18)}
    resolved_in = Counter()
    for c in cs:
        ref = c["ref"]
        hs = hist_by.get(ref, [])
        need(hs, ref + ": no state history")
        if not hs:
            continue
        o, r, cl = pt(c["opened_at"]), pt(c["resolved_at"]), pt(c["closed_at"])
        h_times = [t for t, _, _ in hs]
        h_states = [s for _, s, _ in hs]
        need(all(x < y for x, y in zip(h_times, h_times[1:])), ref + ": changed_at increasing")
        need(h_times[0] == o and h_states[0] in ("new", "active"), ref + ": first row at opened_at, new or active")
        need(all(o <= t < NOW for t in h_times), ref + ": changed_at between opened_at and the anchor")
        need(all(x != y for x, y in zip(h_states, h_states[1:])), ref + ": repeated state")
        need("new" not in h_states[1:], ref + ": back to new")
        need(h_states[-1] == c["state"], ref + ": last state = current state")
        if c["state"] == "on-hold":
            need(hs[-1][2] == c["hold_reason"], ref + ": last hold reason = current hold reason")
            current_hold_days.append((NOW - h_times[-1]).total_seconds() / DAY)
        if c["state"] in ("resolved", "closed"):
            need(h_states.count("resolved") == 1 and h_times[h_states.index("resolved")] == r,
                 ref + ": resolved at resolved_at")
            need(all(t <= r for t, s, _ in hs if s != "closed"), ref + ": change after resolution")
        if c["state"] == "closed":
            need(h_states[-2:] == ["resolved", "closed"] and h_times[-1] == cl, ref + ": closed at closed_at")
        if c["state"] == "resolved":
            need(h_states[-1] == "resolved" and h_times[-1] == r, ref + ": resolved last")
        if c["state"] == "cancelled":
            need(h_states.count("cancelled") == 1 and (cl is None or h_times[-1] == cl),
                 ref + ": cancelled at closed_at")
        for end_state in ("resolved", "closed", "cancelled"):
            if end_state in h_states:
                need(h_states.index(end_state) >= len(h_states) - 2, ref + ": history goes on after " + end_state)
        target = sla_target(c["kind"], int(c["priority"]))
        if target is None:
            continue
        pairs = [(t, s) for t, s, _ in hs]
        if c["state"] in ("resolved", "closed"):
            held = held_seconds(pairs, o, r)
            if c["kind"] == "incident":
                finished_desk += 1
                finished_held += held > 0
            resolved_in[(c["kind"], (r - o).total_seconds() - held <= target)] += 1
        if c["state"] in ("new", "active", "on-hold"):
            def status(now):
                used = (now - o).total_seconds() - held_seconds(pairs, o, now)
                return "breaching" if used > target else "warning" if used >= SLA_WARN * target else "within"
            sla_now[c["kind"]][status(NOW)] += 1
            for h in sla_drift:
                sla_drift[h][c["kind"]][status(NOW + timedelta(hours=h))] += 1
    n_inc = sum(sla_now["incident"].values())
    breach = sla_now["incident"]["breaching"] / n_inc if n_inc else 0
    warn = sla_now["incident"]["warning"] / n_inc if n_inc else 0
    need(0.10 <= breach <= 0.20, "open incidents breaching at the anchor: %.1f%%" % (100 * breach))
    need(0.05 <= warn <= 0.15, "open incidents past 75%% of target at the anchor: %.1f%%" % (100 * warn))
    held_share = finished_held / finished_desk if finished_desk else 0
    need(0.2 <= held_share <= 0.3, "resolved incidents with a hold: %.1f%%" % (100 * held_share))
    current_hold_days.sort()
    median_hold = current_hold_days[len(current_hold_days) // 2] if current_hold_days else 0
    need(2 <= median_hold <= 30, "current holds: median %.1f days" % median_hold)
    sc_size = os.path.getsize(os.path.join(HERE, "case_state_changes.csv"))
    need(sc_size < 600 * 1024, "case_state_changes.csv under 600 KB")

    # Assurance: the words the app reads, and the standing it derives (domain/assurance.rs) at
    # the anchor and, with every date shifted alike, whatever today is.
    recs = read("recommendations.csv")
    rec_codes = Counter(r["code"] for r in recs)
    need(all(n == 1 for n in rec_codes.values()), "recommendation codes unique")
    need(12 <= len(recs) <= 18, "12-18 recommendations")
    audits = defaultdict(list)
    for r in recs:
        audits[r["audit"]].append(r)
        need(r["assurance"] in ("", "full", "substantial", "reasonable", "limited", "none"), "assurance " + r["code"])
        need(r["priority"] in ("high", "medium", "low"), "priority " + r["code"])
        need(r["status"] in ("open", "in-progress", "implemented", "verified"), "status " + r["code"])
        need(r["project_code"] == "" or r["project_code"] in pcodes, "recommendation project " + r["code"])
        need(r["owner"] != "" and r["action"] != "" and r["due_date"] != "", "owner, action, due " + r["code"])
        done = r["status"] in ("implemented", "verified")
        need(done == (r["implemented_date"] != "") and done == (r["evidence"] != ""), "implemented " + r["code"])
        for col in ("audit_date", "implemented_date"):
            x = pd(r[col])
            need(x is None or (x < ANCHOR and x.weekday() < 5), col + " before the anchor " + r["code"])
        if r["revised_due_date"]:
            need(pd(r["revised_due_date"]) > pd(r["due_date"]), "revised later " + r["code"])
    need(4 <= len(audits) <= 5, "4-5 audits")
    for name, rows in audits.items():
        need(len({(r["audit_date"], r["assurance"], r["auditor"]) for r in rows}) == 1, "one audit: " + name)

    def rec_due(r):
        return pd(r["revised_due_date"] or r["due_date"])

    def outstanding(r):
        return r["status"] in ("open", "in-progress")

    overdue_recs = [r for r in recs if outstanding(r) and rec_due(r) < ANCHOR]
    limited = [a for a, rows in audits.items() if rows[0]["assurance"] == "limited"]
    need(len(limited) == 1, "one audit with limited assurance")
    limited_open = [r for r in audits[limited[0]] if outstanding(r)] if limited else []
    need(len(limited_open) == 3, "three outstanding on the limited audit")
    need([r["code"] for r in overdue_recs] == [r["code"] for r in limited_open if rec_due(r) < ANCHOR]
         and len(overdue_recs) == 1 and overdue_recs[0]["priority"] == "high",
         "the one overdue recommendation is the limited audit's high-priority action")
    need(all(r["status"] in ("implemented", "verified") for r in audits["Software Controls"]),
         "full assurance: all implemented")
    need(any(r["revised_due_date"] and outstanding(r) and rec_due(r) > ANCHOR for r in audits["SOCITM review"]),
         "a SOCITM action with a revised date, not overdue")

    certs = read("certifications.csv")
    cert_by = {c["code"]: c for c in certs}
    need(len(cert_by) == len(certs), "certification codes unique")
    cert_assess = read("certification_assessments.csv")
    last = {}
    for a in cert_assess:
        need(a["certification_code"] in cert_by, "assessment of an unknown certification")
        need(a["result"] in ("pass", "pass-with-actions", "fail"), "assessment result")
        x = pd(a["date"])
        need(x < ANCHOR and x.weekday() < 5, "assessment date " + a["certification_code"])
        if a["certification_code"] not in last or x > last[a["certification_code"]][0]:
            last[a["certification_code"]] = (x, a["result"])
    for c in certs:
        need(c["project_code"] == "" or c["project_code"] in pcodes, "certification project " + c["code"])
        need(pd(c["certified_on"]) < ANCHOR < pd(c["expires_on"]), "certified before, expires after " + c["code"])
        need(c["frequency"] in ("annual", "six-monthly", "quarterly", "monthly"), "frequency " + c["code"])
    need(sum(1 for a in cert_assess if a["certification_code"] == "PCI-DSS") == 4, "four quarterly PCI scans")

    def add_months(x, n):  # chrono's checked_add_months: the day clamped to the month's end
        y, m = divmod(x.month - 1 + n, 12)
        year, month = x.year + y, m + 1
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        ends = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return date(year, month, min(x.day, ends[month - 1]))

    months = {"annual": 12, "six-monthly": 6, "quarterly": 3, "monthly": 1}

    def cert_status(c, shift):
        move = timedelta(days=shift)
        today = ANCHOR + move
        expires = pd(c["expires_on"]) + move
        if expires < today:
            return "expired"
        had = last.get(c["code"])
        if had and had[1] == "fail":
            return "failed"
        nxt = add_months((had[0] if had else pd(c["certified_on"])) + move, months[c["frequency"]])
        if nxt < today:
            return "overdue"
        return "due" if (min(nxt, expires) - today).days <= CERT_DUE_DAYS else "current"

    at_anchor = {c["code"]: cert_status(c, 0) for c in certs}
    need([k for k, v in at_anchor.items() if v == "due"] == ["PSN"], "PSN the one certification due")
    need(all(v in ("due", "current") for v in at_anchor.values()), "no certification lapsed, failed or overdue")
    drift = [shift for shift in range(-1000, 2500) if {c["code"]: cert_status(c, shift) for c in certs} != at_anchor]
    need(not drift, "certification standing changes when shifted by %s days" % drift[:5])

    print("projects:", len(projects), dict(sorted(stages.items())))
    print("  rag (all):", dict(Counter(p["rag"] for p in projects)))
    print("  rag (live):", dict(Counter(p["rag"] for p in live)))
    print("  stale live projects:", stale)
    print("rag_history entries:", len(hist))
    print("milestones:", len(ms), "done:", done, "overdue:", overdue, dict(overdue_by_rag),
          "slipped (future, forecast > baseline):", slipped)
    print("milestone_changes:", len(changes), "milestones moved:", len(chains),
          "earlier moves:", sum(1 for c in changes if c["new_date"] < c["old_date"]),
          "in the last 60 days:", recent_moves, "projects:", len(recent_projects))
    print("risks:", len(risks), "corporate:", sum(1 for r in risks if not r["project_code"]),
          "kind:", dict(Counter(r["kind"] for r in risks)), "status:", dict(Counter(r["status"] for r in risks)))
    print("  current bands:", dict(band))
    print("risk_assessments:", len(ass))
    print("cases:", len(cs), dict(kinds), dict(states))
    print("  open:", len(open_cases),
          "active (new+active):", sum(1 for c in open_cases if c["state"] != "on-hold"),
          "active incidents:", sum(1 for c in open_cases if c["state"] != "on-hold" and c["kind"] == "incident"),
          "stop-clock:", states["on-hold"],
          "linked to projects:", sum(1 for c in cs if c["project_code"]))
    print("  hold reasons:", dict(Counter(c["hold_reason"] for c in open_cases if c["hold_reason"])))
    print("  cases.csv bytes:", size)
    print("snapshots (total open by month):", " ".join("%s=%d" % (k, tot[k]) for k in sorted(tot)))
    print("case_state_changes:", len(sc), dict(Counter(h["state"] for h in sc)), "bytes:", sc_size)
    print("  resolved/closed incidents with a hold: %d of %d (%.1f%%)"
          % (finished_held, finished_desk, 100 * held_share))
    print("  resolved within target (after holds):", {"%s %s" % (k, "in" if ok else "out"): n
                                                      for (k, ok), n in sorted(resolved_in.items())})
    print("  current holds: median %.1f days, under 2 days: %d, over 60 days: %d"
          % (median_hold, sum(1 for x in current_hold_days if x < 2), sum(1 for x in current_hold_days if x > 60)))
    for kind in ("incident", "request"):
        n = sum(sla_now[kind].values())
        print("  open %ss at the anchor: %d, breaching %d (%.1f%%), warning %d (%.1f%%)"
              % (kind, n, sla_now[kind]["breaching"], 100 * sla_now[kind]["breaching"] / n,
                 sla_now[kind]["warning"], 100 * sla_now[kind]["warning"] / n))
        print("    later on the anchor day (breaching/warning):",
              ", ".join("%02d:00 %d/%d" % (h, sla_drift[h][kind]["breaching"], sla_drift[h][kind]["warning"])
                        for h in sorted(sla_drift)))
    print("recommendations:", len(recs), "audits:", len(audits),
          "outstanding:", sum(1 for r in recs if outstanding(r)),
          "overdue at the anchor:", ", ".join("%s (%s, %d days)" % (r["code"], r["priority"], (ANCHOR - rec_due(r)).days)
                                              for r in overdue_recs))
    print("certifications:", len(certs), "assessments:", len(cert_assess), "at the anchor:", at_anchor)
    if errors:
        print("\nCHECK FAILED:")
        for e in errors[:50]:
            print("  -", e)
        return False
    print("\nall checks passed")
    return True


if __name__ == "__main__":
    write_all()
    sys.exit(0 if check() else 1)
