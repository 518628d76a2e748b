#!/usr/bin/env python3
"""Writes N seeded, varied leads as a JSON array (the `pipeline --input` format).

Usage: generate-leads.py COUNT OUT.json [SEED]
Every address is distinct; titles, industries, sizes, technologies and intent vary, so the run
scores, filters and queues a realistic mix rather than one hot value.
"""
import json
import random
import sys

TITLES = ["CEO", "Founder & CEO", "Co-Founder", "CTO", "CFO", "COO", "CMO", "Chief Revenue Officer",
          "VP Sales", "VP of Marketing", "Vice President, Engineering", "SVP Operations", "Head of Growth",
          "Head of Sales", "Director of Sales", "Sales Director", "Director, Demand Generation",
          "Marketing Director", "Sales Manager", "Marketing Manager", "Account Executive",
          "Senior Account Executive", "SDR", "Business Development Representative", "Software Engineer",
          "Product Manager", "Customer Success Manager", "Operations Manager", "Analyst", "Intern", ""]
INDUSTRIES = ["Software", "SaaS", "Computer Software", "Information Technology", "Marketing & Advertising",
              "Internet", "Financial Services", "E-commerce", "Retail", "Manufacturing", "Healthcare",
              "Education", "Consulting", "Real Estate", "Logistics", "Construction", "Non-profit"]
TECH = ["HubSpot", "Salesforce", "Gong", "Outreach", "Salesloft", "Marketo", "Segment", "Snowflake",
        "Slack", "Zendesk", "Intercom", "Stripe", "Shopify", "AWS", "GCP", "Azure"]
SOURCES = ["post_commenter", "event_attendee", "competitor_follower", "website_visitor",
           "content_downloader", "demo_requester", "webinar_registrant", "search", "import"]
FIRST = ["Ana", "Ben", "Chen", "Dana", "Eli", "Fatima", "Goran", "Hana", "Ivan", "Jia", "Kofi", "Lena"]
LAST = ["Lopez", "Smith", "Wang", "Müller", "Okafor", "Rossi", "Kim", "Novak", "Silva", "Khan"]
ZONES = ["America/New_York", "Europe/Madrid", "Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo"]


def industry(rng):
    base = rng.choice(INDUSTRIES)
    style = rng.randrange(4)
    if style == 1:
        base = base.upper()
    elif style == 2:
        base = base.lower()
    elif style == 3:
        base = " " + base + " "
    return base


def main():
    count = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    with open(out, "w", encoding="utf-8") as f:
        f.write("[\n")
        for i in range(count):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            company = f"Company{i // 7}"
            domain = f"company{i // 7}.example"
            email = f"{first.lower()}.{last.lower()}.{i}@{domain}"
            if rng.random() < 0.3:
                email = email.capitalize()
            lead = {
                "email": email,
                "firstName": first,
                "lastName": last,
                "title": rng.choice(TITLES),
                "timeZone": rng.choice(ZONES),
                "company": {
                    "name": company,
                    "domain": domain,
                    "employees": rng.choice([5, 25, 60, 120, 250, 800, 2500, 12000]),
                    "industry": industry(rng),
                    "techStack": rng.sample(TECH, rng.randrange(9)),
                },
                "intent": {
                    "siteVisits": rng.randrange(8),
                    "contentDownloads": rng.randrange(3),
                    "pricingPageVisits": rng.randrange(3),
                    "demoRequested": rng.random() < 0.05,
                },
                "source": {"type": rng.choice(SOURCES)},
            }
            f.write(json.dumps(lead, ensure_ascii=False, separators=(",", ":")))
            f.write(",\n" if i + 1 < count else "\n")
        f.write("]\n")


if __name__ == "__main__":
    main()
