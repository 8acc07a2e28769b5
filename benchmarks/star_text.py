"""Answers for the STAR structure benchmark, written for it and labelled sentence by sentence:
S situation, T task, A action, R result (lessons count as result), "-" not a story.

"tune": what the structure rules were adjusted on. That includes two earlier held-out sets:
after each one's first run its failures were studied and the rules changed, so it became
tuning data ("seen-*": result start 62%, shares 50%, number 62% at its first run; "seen2-*":
75%, 62%, 75%; "held-*": 100%, 75%, 75%, and with "long-*" the second round of the STAR
stability benchmark, studied in issue 26). "held-out" ("r3-*"): written after those rounds,
other stories, phrasings and voices, never used to choose anything; docs/measurements.md
reports these."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StarAnswer:
    name: str
    voice: str  # as benchmarks.corpus.Voices.say takes it
    split: str
    quantified: bool  # truth: the result states a number, a percentage or an amount
    sentences: tuple[tuple[str, str], ...]  # (label, text)

    @property
    def is_story(self) -> bool:
        return any(label != "-" for label, _ in self.sentences)


TUNE: tuple[StarAnswer, ...] = (
    StarAnswer(
        "tune-churn",
        "piper",
        "tune",
        True,
        (
            ("S", "At my last job I was the only data scientist on the subscription team."),
            ("S", "Churn had doubled in two quarters, and nobody could say why."),
            ("T", "My task was to find the cause before the board meeting in six weeks."),
            ("A", "I pulled the cancellation logs and joined them with the billing data."),
            ("A", "Then I interviewed ten customers who had cancelled in the last month."),
            ("A", "I found that a pricing change had hit the annual plans hardest."),
            ("A", "I proposed a grandfathering rule, and I ran an experiment to test it."),
            ("R", "As a result, churn on annual plans fell by eighteen percent in one quarter."),
            ("R", "What I learned is to talk to customers before I build a model."),
        ),
    ),
    StarAnswer(
        "tune-late-result",
        "espeak:en-us+m3@165",
        "tune",
        True,
        (
            ("S", "Two years ago our company moved its whole warehouse onto a new cloud platform."),
            ("S", "The migration had been planned by another team, and it was already late."),
            ("S", "There were more than four hundred tables, and half of them had no owner."),
            ("S", "The dashboards that finance used every morning broke about twice a week."),
            ("S", "People had stopped trusting the numbers, and the managers were frustrated."),
            ("S", "At the time I had just joined, and I did not know most of the pipelines yet."),
            ("S", "The old system was still running in parallel, which made everything slower."),
            ("T", "I was asked to make the finance dashboards reliable again."),
            ("A", "I listed every table the dashboards read and I found an owner for each one."),
            ("A", "I wrote checks that ran before each morning refresh."),
            ("R", "In the end the dashboards broke only once in the next three months."),
        ),
    ),
    StarAnswer(
        "tune-no-result",
        "piper@1.1",
        "tune",
        False,
        (
            ("S", "When I was at a small retail startup, our search results were poor."),
            ("S", "Customers typed a product name and got pages of unrelated items."),
            ("T", "I had to improve search without a dedicated engineering team."),
            ("A", "I collected the top five hundred queries from the logs."),
            ("A", "I labelled the right results for each query with two colleagues."),
            ("A", "Then I tuned the ranking weights against those labels."),
            ("A", "I also added synonyms for the brands people misspelled most often."),
            ("A", "I presented the new ranking to the product manager every Friday."),
        ),
    ),
    StarAnswer(
        "tune-unquantified",
        "espeak:en-gb@160",
        "tune",
        False,
        (
            ("S", "In my previous role our marketing team ran campaigns on gut feeling."),
            ("S", "There was no shared way to measure whether a campaign had worked."),
            ("T", "My goal was to give them a simple way to measure lift."),
            ("A", "I built a small holdout framework on top of the email tool."),
            ("A", "I decided to start with one campaign, so the team could see it work."),
            ("A", "I walked the marketers through the results in plain language."),
            ("R", "The outcome was that the team now plans every campaign with a holdout group."),
            ("R", "They trust the measurement, and they ask for it before launch."),
        ),
    ),
    StarAnswer(
        "tune-decoy-cause",
        "piper",
        "tune",
        True,
        (
            ("S", "Last year our payments service went down for most of a Saturday."),
            ("S", "As a result of the outage, thousands of orders were stuck in a pending state."),
            ("S", "The support team was flooded, and refunds were being issued by hand."),
            ("T", "I needed to work out which orders had really been paid."),
            ("A", "I wrote a query that matched the bank records against the order table."),
            ("A", "I checked the result set by hand for a sample of one hundred orders."),
            ("A", "Then I gave support a clean list of the orders to refund."),
            ("R", "We recovered about forty thousand dollars that would have been refunded twice."),
        ),
    ),
    StarAnswer(
        "tune-case",
        "espeak:en-us+f2@155",
        "tune",
        False,
        (
            ("-", "To design this experiment, I would start from the decision we want to make."),
            ("-", "The hypothesis is that a one click reorder button increases repeat purchases."),
            ("-", "The primary metric would be repeat orders per customer over thirty days."),
            ("-", "As a guardrail, I would watch the refund rate and the support contacts."),
            ("-", "I would randomise by customer, not by session, to avoid contamination."),
            ("-", "With our traffic, two weeks should be enough to detect a three percent change."),
            ("-", "If the metric moves and the guardrails hold, we ship it."),
        ),
    ),
    StarAnswer(
        "tune-we-story",
        "piper@0.95",
        "tune",
        True,
        (
            ("S", "Our team owned the recommendation widget on the home page."),
            ("S", "Click rates had been flat for a year, and the widget was about to be removed."),
            ("T", "The goal was to show that it could earn its place on the page."),
            ("A", "I decided to test a simpler model that used only recent views."),
            ("A", "I set up the experiment, and I checked the data every morning."),
            ("A", "I also wrote a short memo on why the old model failed new users."),
            ("R", "The simpler model increased clicks by twelve percent, and the widget stayed."),
        ),
    ),
    StarAnswer(
        "tune-metric",
        "piper@1.1",
        "tune",
        False,
        (
            ("-", "A good metric for a ride sharing app is completed trips per active rider."),
            ("-", "It captures both demand and whether the service actually delivers."),
            ("-", "I would pair it with the share of requests that find a driver in five minutes."),
            ("-", "Revenue alone can rise while riders have a worse experience."),
            ("-", "So the north star should reflect value to the rider first."),
        ),
    ),
)


SEEN: tuple[StarAnswer, ...] = (
    StarAnswer(
        "seen-fraud",
        "piper@1.05",
        "tune",
        True,
        (
            ("S", "A few years ago I worked on the risk team of an online marketplace."),
            (
                "S",
                "Fraudulent sellers were listing fake electronics and disappearing with the money.",
            ),
            ("T", "I was responsible for catching them before the first sale went through."),
            ("A", "I studied two hundred confirmed fraud cases from the previous quarter."),
            (
                "A",
                "I noticed that most of them changed their bank details within a day of signing up.",
            ),
            ("A", "I built a simple rule around that signal and tested it on old data."),
            ("A", "Then I worked with the trust team to review every flagged account by hand."),
            ("R", "The rule caught sixty percent of fraud sellers before their first sale."),
            ("R", "I learned that one clear signal can beat a complicated model."),
        ),
    ),
    StarAnswer(
        "seen-late",
        "espeak:en-us+m7@150",
        "tune",
        True,
        (
            ("S", "Back in my first analytics job, the company sold furniture online."),
            ("S", "Delivery times were a constant source of complaints."),
            ("S", "The logistics partner sent us spreadsheets every week, each in a new format."),
            ("S", "Nobody owned the data, and every team had a different number for late orders."),
            (
                "S",
                "The operations director had asked three analysts before me, and none had finished.",
            ),
            ("S", "The spreadsheets also mixed local time and central time."),
            ("S", "On top of that, some orders were split across two trucks."),
            ("T", "My job was to produce one agreed number for late deliveries."),
            ("A", "I wrote a parser for every spreadsheet format and I fixed the time zones."),
            (
                "R",
                "In the end the director adopted my number, and late deliveries fell by a fifth.",
            ),
        ),
    ),
    StarAnswer(
        "seen-no-result",
        "piper@0.9",
        "tune",
        False,
        (
            ("S", "At my current company we run a mobile banking app."),
            ("S", "The onboarding flow had nine screens, and many people gave up halfway."),
            ("T", "I wanted to understand where and why people were dropping out."),
            ("A", "I instrumented every screen with events and built a funnel."),
            ("A", "I watched twenty session recordings of people who quit."),
            ("A", "Then I shared a short report with the design team."),
            ("A", "I also suggested merging the address screens into one."),
        ),
    ),
    StarAnswer(
        "seen-unquantified",
        "espeak:en-us+f4@170",
        "tune",
        False,
        (
            ("S", "In my last role the sales team kept a forecast in a giant spreadsheet."),
            ("S", "Every Monday someone spent hours copying numbers from the CRM."),
            ("T", "I was asked to automate the weekly forecast."),
            ("A", "I connected the CRM to our warehouse and rebuilt the forecast in SQL."),
            ("A", "I kept the spreadsheet layout, so the sales managers would recognise it."),
            ("A", "I ran both versions side by side until the numbers matched."),
            ("R", "In the end the sales team stopped using the old spreadsheet completely."),
            ("R", "What I took from it is that adoption matters more than accuracy."),
        ),
    ),
    StarAnswer(
        "seen-decoy",
        "piper",
        "tune",
        True,
        (
            ("S", "Our analytics database slowed down badly during the holiday season."),
            ("S", "As a result of the load, some reports took an hour to finish."),
            ("T", "The task was to make the morning reports fast enough for the stand up."),
            ("A", "I profiled the ten slowest queries and read their plans."),
            ("A", "I noticed that one join returned a huge result set that was filtered later."),
            ("A", "I rewrote it to filter first and I added two indexes."),
            ("R", "The morning reports went from forty minutes to under three minutes."),
        ),
    ),
    StarAnswer(
        "seen-sql",
        "espeak:en-gb@170",
        "tune",
        False,
        (
            ("-", "To find the second highest salary, I would use a window function."),
            ("-", "I would rank the salaries in descending order with dense rank."),
            ("-", "Then I would filter for the rows where the rank equals two."),
            ("-", "Dense rank handles ties, so two people with the top salary both get rank one."),
            ("-", "If there is no second salary, the query returns no rows, which is correct."),
        ),
    ),
    StarAnswer(
        "seen-story-long-action",
        "piper@1.1",
        "tune",
        True,
        (
            (
                "S",
                "When I was at a travel company, hotel prices on our site were often out of date.",
            ),
            ("T", "I had to find out how stale they were and fix the worst cases."),
            ("A", "I sampled one thousand listings and checked them against the partner sites."),
            ("A", "I measured how old each price was when a customer saw it."),
            ("A", "Then I built a refresh schedule that favoured popular hotels."),
            ("A", "I negotiated with the partner team to raise our request limit."),
            ("A", "I also set up an alert for prices older than a day."),
            (
                "R",
                "As a result, stale prices dropped from fifteen percent of views to two percent.",
            ),
        ),
    ),
    StarAnswer(
        "seen-product",
        "piper@0.95",
        "tune",
        False,
        (
            ("-", "If I were improving a podcast app, I would start with new listeners."),
            ("-", "Many people install it, play one episode, and never come back."),
            ("-", "I would look at what the returning listeners did in their first week."),
            ("-", "Maybe they followed a show, or they downloaded episodes for a commute."),
            ("-", "Then I would design the first session to lead people towards that habit."),
            ("-", "I would measure success as the share of new listeners active in week two."),
        ),
    ),
)

SEEN2: tuple[StarAnswer, ...] = (
    StarAnswer(
        "seen2-onboarding",
        "espeak:en-us+m1@160",
        "tune",
        True,
        (
            (
                "S",
                "So, at a fintech startup I joined, new customers took nine days to get verified.",
            ),
            ("S", "Most of that time was spent waiting for documents to be checked by hand."),
            ("T", "I owned the verification funnel, and the ask was to get it under three days."),
            ("A", "I broke the funnel into steps and timed each one from the event logs."),
            ("A", "I found that a third of the cases bounced back for a blurry photo."),
            ("A", "So I worked with an engineer to add an instant photo quality check in the app."),
            ("A", "I also set up a daily report that showed the backlog by reviewer."),
            ("R", "Within two months, verification took two and a half days on average."),
            ("R", "Looking back, the biggest win came from the simplest fix."),
        ),
    ),
    StarAnswer(
        "seen2-pricing-late",
        "piper",
        "tune",
        True,
        (
            ("S", "This was at a software company that sold to small businesses."),
            ("S", "We had three pricing plans, and almost nobody picked the middle one."),
            ("S", "Sales believed the top plan was too expensive, and marketing disagreed."),
            ("S", "The arguments had gone on for months, and every meeting ended the same way."),
            ("S", "There was data, but it lived in four tools that did not talk to each other."),
            ("S", "Our finance lead had even built a model, but nobody trusted its inputs."),
            ("S", "Meanwhile the competitors were cutting their prices."),
            ("S", "The chief executive wanted a decision before the next quarter."),
            ("T", "I volunteered to settle the question with evidence."),
            ("A", "I merged the billing and trial data and I compared conversion by plan."),
            ("R", "That showed the middle plan converted at half the rate, so it was redesigned."),
        ),
    ),
    StarAnswer(
        "seen2-no-result-2",
        "espeak:en-us+f3@150",
        "tune",
        False,
        (
            ("S", "In my last team, our weekly business review took the whole of Monday morning."),
            ("S", "Each manager brought their own slides with their own definitions."),
            ("T", "My manager asked me to standardise the review."),
            ("A", "I interviewed every manager about the three numbers they cared about most."),
            ("A", "I wrote one definition for each number and I got them signed off."),
            ("A", "Then I built a single dashboard that replaced the slides."),
            ("A", "I ran the first two reviews myself to show how it worked."),
        ),
    ),
    StarAnswer(
        "seen2-vague-result",
        "piper@0.9",
        "tune",
        False,
        (
            (
                "S",
                "When I was working at a logistics firm, drivers complained about the routing app.",
            ),
            ("S", "The routes it proposed ignored school zones and loading bays."),
            ("T", "I had to figure out whether the complaints were real or just anecdotes."),
            ("A", "I matched the planned routes with the actual GPS tracks."),
            ("A", "I showed the product team where drivers left the planned route and why."),
            (
                "R",
                "In the end the team added the missing restrictions, and the drivers were much happier.",
            ),
            ("R", "I learned to look at what people do, not only at what they say."),
        ),
    ),
    StarAnswer(
        "seen2-we-story",
        "espeak:en-gb@150",
        "tune",
        True,
        (
            ("S", "At my previous company, our app store rating had fallen to three stars."),
            ("T", "The goal was to get it back above four within a quarter."),
            ("A", "I read and tagged a thousand reviews to find the main complaints."),
            ("A", "I found that crashes on older phones caused most of the one star reviews."),
            ("A", "I convinced the mobile lead to prioritise those crashes over new features."),
            ("A", "Then I tracked crash rates by device every week and shared them with the team."),
            ("R", "By the end of the quarter the rating was four point two."),
        ),
    ),
    StarAnswer(
        "seen2-estimation",
        "piper@1.05",
        "tune",
        False,
        (
            (
                "-",
                "To estimate the number of coffee shops in a city of a million people, I would start with demand.",
            ),
            ("-", "Say a third of adults drink one coffee a day from a shop."),
            ("-", "That is roughly two hundred and fifty thousand cups a day."),
            ("-", "A busy shop sells about four hundred cups a day."),
            ("-", "So the city can support around six hundred coffee shops."),
            (
                "-",
                "I would sanity check that against the number of shops per street in a known area.",
            ),
        ),
    ),
    StarAnswer(
        "seen2-explain",
        "espeak:en-us+m3@150",
        "tune",
        False,
        (
            ("-", "A confidence interval gives a range of plausible values for the true effect."),
            (
                "-",
                "If we repeated the experiment many times, most intervals would contain the truth.",
            ),
            ("-", "A narrow interval means the estimate is precise."),
            ("-", "If the interval includes zero, we cannot rule out that the change did nothing."),
            (
                "-",
                "For a product manager, I focus on the range and what it means for the decision.",
            ),
        ),
    ),
    StarAnswer(
        "seen2-failure",
        "piper@1.1",
        "tune",
        True,
        (
            (
                "S",
                "A couple of years ago I launched a churn prediction model for our customer success team.",
            ),
            ("S", "The model was accurate on paper, and I was proud of it."),
            ("T", "My job was to make sure the team actually used it to save accounts."),
            ("A", "I handed over a list of risky accounts every week."),
            (
                "A",
                "I did not ask how the team worked, and I assumed they would call everyone on the list.",
            ),
            (
                "R",
                "Three months later, only ten percent of the flagged accounts had been contacted.",
            ),
            ("R", "What I took from it is to design the workflow with the users from day one."),
        ),
    ),
)

HELD_OUT: tuple[StarAnswer, ...] = (
    StarAnswer(
        "held-inventory",
        "piper@1.0",
        "tune",
        True,
        (
            ("S", "I was an analyst at a grocery chain with about sixty stores."),
            ("S", "Fresh produce was thrown away at a high rate, especially on Mondays."),
            ("T", "My brief was to cut waste without leaving the shelves empty."),
            ("A", "I built a forecast of daily demand for the fifty products we wasted most."),
            ("A", "I tested it in five stores first and compared them with five similar ones."),
            ("A", "I met the store managers every week to hear where the forecast was wrong."),
            (
                "R",
                "Waste in the pilot stores fell by a quarter, and we rolled it out to all of them.",
            ),
        ),
    ),
    StarAnswer(
        "held-late-result",
        "espeak:en-us+m2@160",
        "tune",
        True,
        (
            ("S", "In my second year at a media company, our newsletter was losing readers."),
            ("S", "Open rates had slid every month for a year."),
            ("S", "The editors blamed the subject lines, and the designers blamed the editors."),
            ("S", "The email platform stored clicks, but nobody had ever looked at them closely."),
            ("S", "The newsletter went out at six in the morning, a time chosen years earlier."),
            ("S", "Readers were spread across many time zones by then."),
            ("S", "Several big competitors had also launched daily newsletters."),
            ("T", "I decided to find out what actually drove opens."),
            ("A", "I ran a send time test across four time zones."),
            ("R", "Sending at eight local time lifted opens by nine percent."),
        ),
    ),
    StarAnswer(
        "held-missing-result",
        "piper@1.1",
        "tune",
        False,
        (
            ("S", "At my last company, the data team answered the same questions again and again."),
            ("S", "Every request came by chat, and none of the answers were written down."),
            ("T", "I took it on myself to cut down the repeated requests."),
            ("A", "I went through three months of chat history and grouped the questions."),
            ("A", "I wrote short answers for the twenty most common ones."),
            ("A", "Then I put them in a searchable page and linked it in the chat channel."),
            ("A", "I also asked people to check the page before posting a question."),
        ),
    ),
    StarAnswer(
        "held-soft-result",
        "espeak:en-us+f2@165",
        "tune",
        False,
        (
            (
                "S",
                "When I was at an insurance company, two teams calculated claims costs differently.",
            ),
            ("S", "Their numbers disagreed, and leadership did not know which one to believe."),
            ("T", "I needed to reconcile the two methods."),
            ("A", "I sat with each team and wrote down every step of their calculation."),
            ("A", "I found the difference came from how they treated reopened claims."),
            ("A", "I proposed one rule and walked both teams through the impact."),
            (
                "R",
                "Since then there has been one claims number, and the meetings are much shorter.",
            ),
        ),
    ),
    StarAnswer(
        "held-experiment-case",
        "piper@0.95",
        "tune",
        False,
        (
            ("-", "If I had to test free shipping, I would first decide what we want to learn."),
            ("-", "The main metric is orders per visitor, with margin per order as a guardrail."),
            ("-", "I would split by user, and I would run it for at least two full weeks."),
            (
                "-",
                "Free shipping can pull orders forward, so I would also look at the weeks after.",
            ),
            ("-", "If orders rise and margin holds, we roll it out to everyone."),
        ),
    ),
    StarAnswer(
        "held-ranking",
        "espeak:en-gb@155",
        "tune",
        True,
        (
            ("S", "At a job board I worked for, the best jobs were buried on page three."),
            ("S", "The ranking only looked at how recent a posting was."),
            ("T", "The product lead asked me to make the ranking smarter."),
            ("A", "I added the job's click rate and the match with the searcher's skills."),
            ("A", "I tuned the weights offline on a month of search logs."),
            ("A", "Then I ran an online test against the old ranking for two weeks."),
            ("R", "Applications per search went up by fifteen percent in the test."),
            (
                "R",
                "The lesson for me was to measure what the user wants, not what is easy to count.",
            ),
        ),
    ),
    StarAnswer(
        "held-metric-def",
        "espeak:en-us+m7@150",
        "tune",
        False,
        (
            (
                "-",
                "For a video platform, I would define engagement as minutes watched per weekly user.",
            ),
            (
                "-",
                "Counting views alone rewards clickbait, because short clicks count as much as long watches.",
            ),
            ("-", "I would also track the share of sessions that end in a search."),
            ("-", "That tells us if people find what they came for."),
            ("-", "Together these give a fair picture of whether the product delivers value."),
        ),
    ),
    StarAnswer(
        "held-conflict",
        "piper",
        "tune",
        True,
        (
            ("S", "Last spring, an engineering lead and I disagreed about an experiment result."),
            ("S", "He wanted to ship a feature that showed a small lift after three days."),
            ("T", "I had to make sure we did not ship on noise."),
            ("A", "I showed him the confidence interval, which still included zero."),
            ("A", "I suggested we run it for the full two weeks we had planned."),
            ("A", "I also offered to look at the early data every day with him."),
            ("R", "After two weeks the lift had disappeared, and we saved a costly launch."),
            ("R", "He later asked me to review the design of his next test."),
        ),
    ),
)

# Written for the stability benchmark (issue 26) before any run: interview-length stories
# (1-2 minutes), read in several voices and paces. Never used to choose a rule.
HELD_OUT_LONG: tuple[StarAnswer, ...] = (
    StarAnswer(
        "long-forecast",
        "piper",
        "tune",
        True,
        (
            (
                "S",
                "Two years ago I was a data scientist on the supply chain team of a grocery delivery company.",
            ),
            (
                "S",
                "Our demand forecast was built in spreadsheets, and every store manager adjusted it by hand.",
            ),
            (
                "S",
                "Fresh produce waste had reached nine percent of sales, which was twice the industry norm.",
            ),
            ("T", "My manager asked me to cut that waste without causing more empty shelves."),
            (
                "A",
                "First I collected eighteen months of orders, deliveries and write-offs for every store.",
            ),
            (
                "A",
                "I found that most of the waste came from twenty products with very short shelf lives.",
            ),
            (
                "A",
                "I built a simple model per product that used weather, holidays and local promotions.",
            ),
            (
                "A",
                "Then I ran a pilot in twelve stores and compared them with twelve similar stores.",
            ),
            ("A", "I met the store managers every week to hear where the forecast felt wrong."),
            ("R", "After three months, waste in the pilot stores fell from nine to six percent."),
            ("R", "Empty shelves did not increase, so we rolled the model out to all stores."),
            (
                "R",
                "I learned that the people who use a forecast need a way to tell you when it is wrong.",
            ),
        ),
    ),
    StarAnswer(
        "long-pricing",
        "espeak:en-us+m3@170",
        "tune",
        True,
        (
            ("S", "At my previous company we sold accounting software to small businesses."),
            ("S", "Sales wanted to raise prices by twenty percent across the board."),
            (
                "S",
                "Finance worried that many customers would leave, but nobody had data either way.",
            ),
            (
                "T",
                "I was responsible for telling leadership what the price change would really cost us.",
            ),
            ("A", "I looked at how past price changes had affected renewals, segment by segment."),
            (
                "A",
                "I noticed that the smallest customers cancelled far more often after any increase.",
            ),
            ("A", "So I proposed a test where new customers saw one of two price levels."),
            (
                "A",
                "I also wrote a short memo that explained the trade-off between revenue and churn.",
            ),
            ("R", "In the end we raised prices for larger customers only."),
            ("R", "Revenue grew by eleven percent that year, while churn stayed flat."),
        ),
    ),
    StarAnswer(
        "long-oncall",
        "piper@1.1",
        "tune",
        True,
        (
            (
                "S",
                "Last year our recommendation service went down during the biggest sale of the year.",
            ),
            ("T", "I was on call, so it was my job to bring it back and find the cause."),
            (
                "A",
                "I switched the site to a simple list of best sellers so that customers still saw products.",
            ),
            (
                "A",
                "Then I read the logs and saw that a new feature table had doubled in size overnight.",
            ),
            ("A", "I rolled back the change that had created it and restarted the service."),
            (
                "A",
                "Afterwards I wrote a review of the incident and added a size check to the pipeline.",
            ),
            (
                "R",
                "The site recovered within forty minutes, and the same failure has not happened since.",
            ),
            (
                "R",
                "What I took from it is that every service needs a plain fallback that always works.",
            ),
        ),
    ),
    StarAnswer(
        "long-mentoring",
        "espeak:en-gb@160",
        "tune",
        False,
        (
            (
                "S",
                "When I joined my current team, we had two junior analysts who had never worked with experiments.",
            ),
            (
                "S",
                "They were asked to analyse tests for the marketing team, and their reports often came too late.",
            ),
            (
                "S",
                "Marketing had started to run campaigns without waiting for the analysis at all.",
            ),
            ("T", "I wanted to help them become independent within one quarter."),
            ("A", "I paired with each of them on one test a week and let them drive the analysis."),
            (
                "A",
                "I wrote a short checklist for test design, with the mistakes I had made myself.",
            ),
            ("A", "I also asked marketing to send us their plans two weeks before each campaign."),
            ("R", "By the end of the quarter both analysts were running tests on their own."),
            ("R", "Marketing waited for our results again, and one of the analysts was promoted."),
        ),
    ),
    StarAnswer(
        "long-dashboard",
        "piper@0.9",
        "tune",
        True,
        (
            (
                "S",
                "In my last role, the executive team reviewed a weekly dashboard with more than sixty charts.",
            ),
            (
                "S",
                "Meetings ran long, and decisions were often postponed because the numbers disagreed.",
            ),
            ("T", "I took on the job of making the weekly review useful again."),
            ("A", "I interviewed each executive about the three decisions they made most often."),
            (
                "A",
                "I mapped every chart to those decisions and found that most charts supported none.",
            ),
            ("A", "I rebuilt the dashboard around eight metrics with one owner each."),
            ("A", "I also added short notes that explained any big change from the week before."),
            (
                "R",
                "The review went from ninety minutes to forty, and two postponed decisions were made in the first month.",
            ),
        ),
    ),
    StarAnswer(
        "long-fraud",
        "espeak:en-us+f3@150",
        "tune",
        True,
        (
            ("S", "A few years ago I worked on payments at an online marketplace."),
            (
                "S",
                "Chargebacks from fraud were growing every month and had reached half a million dollars a quarter.",
            ),
            (
                "S",
                "The rules that blocked suspicious orders were written years before and nobody maintained them.",
            ),
            (
                "S",
                "At the same time, customer support complained that good customers were being blocked.",
            ),
            ("T", "My goal was to reduce fraud losses without blocking more honest buyers."),
            ("A", "I labelled a year of disputed orders with the support team."),
            (
                "A",
                "I trained a model that scored each order, and I kept the old rules as a safety net.",
            ),
            (
                "A",
                "I set the threshold with the finance team so that the cost of each mistake was clear.",
            ),
            ("R", "Within two quarters chargebacks fell by forty percent."),
            ("R", "Blocked orders from good customers dropped by a third as well."),
        ),
    ),
)

# A third held-out round, written after the second was measured and studied (issue 26): the
# second round (HELD_OUT and HELD_OUT_LONG) is tuning data from here on, and this one reports.
# Never used to choose a rule.
HELD_OUT_3: tuple[StarAnswer, ...] = (
    StarAnswer(
        "r3-search",
        "piper",
        "held-out",
        True,
        (
            ("S", "Last year I was the analyst for the search team of a travel booking site."),
            (
                "S",
                "Searches that returned no hotels had tripled after a change to the location filter.",
            ),
            (
                "S",
                "Nobody had noticed, because the dashboard only counted searches, not empty results.",
            ),
            ("T", "I was responsible for finding out how many bookings we were losing."),
            ("A", "I sampled ten thousand empty searches and grouped them by city and filter."),
            ("A", "I found that small towns were matched to the wrong region most of the time."),
            (
                "A",
                "I worked with an engineer to fix the matching, and I added an alert for empty results.",
            ),
            ("R", "Within a month, empty searches fell by sixty percent."),
            ("R", "Bookings from small towns grew by nine percent that quarter."),
        ),
    ),
    StarAnswer(
        "r3-vendor",
        "espeak:en-us+m1@165",
        "held-out",
        False,  # "saved most of the cost": no amount (labelled True at first: a slip)
        (
            ("S", "At my previous company we paid an outside vendor for customer survey data."),
            ("S", "The contract cost us three hundred thousand dollars a year."),
            ("T", "My goal was to decide whether we still needed it."),
            ("A", "I compared the survey answers with what customers actually did in our logs."),
            ("A", "I showed that our own data predicted churn better than the survey did."),
            (
                "A",
                "I then built a small internal survey for the questions the logs could not answer.",
            ),
            ("R", "We ended the contract and saved most of the cost."),
            ("R", "The lesson for me was to test an old assumption before renewing it."),
        ),
    ),
    StarAnswer(
        "r3-launch-delay",
        "piper@1.15",
        "held-out",
        True,
        (
            ("S", "Two years ago our team was about to launch a new recommendation widget."),
            ("S", "The launch date had been announced to the whole company."),
            ("T", "I had to sign off on the experiment results before it went live."),
            ("A", "I noticed that the test group had far more new users than the control group."),
            ("A", "I traced it to a bug in how users were assigned to groups."),
            (
                "A",
                "I told the product lead that we could not trust the result, and I proposed a one week rerun.",
            ),
            (
                "A",
                "I wrote down the checks I would run on the new split before anyone looked at the metric.",
            ),
            ("R", "The rerun showed a lift of two percent instead of eight."),
            ("R", "We still launched, but with a target the business could actually reach."),
        ),
    ),
    StarAnswer(
        "r3-hiring",
        "espeak:en-gb@170",
        "held-out",
        True,  # "hired three analysts" (labelled False at first: a slip)
        (
            ("S", "When I became a team lead, we had four open roles and almost no applicants."),
            ("S", "Our job posts were long lists of tools, and the interviews took six weeks."),
            ("T", "I wanted to hire two strong analysts before the end of the year."),
            ("A", "I rewrote the posts around the problems the team actually worked on."),
            ("A", "I cut the interview loop to three conversations and a short take home task."),
            ("A", "I also asked every interviewer to send feedback within one day."),
            (
                "R",
                "By December we had hired three analysts, and all of them are still on the team.",
            ),
        ),
    ),
    StarAnswer(
        "r3-outage-metrics",
        "piper@0.95",
        "held-out",
        True,
        (
            ("S", "In my last role I owned the reliability metrics for a payments platform."),
            (
                "S",
                "Leadership said the platform was stable, but merchants kept complaining about failed payments.",
            ),
            ("T", "My task was to find out who was right."),
            ("A", "I measured failures from the merchant side instead of from our servers."),
            ("A", "I found short outages that our monitoring averaged away over each hour."),
            (
                "A",
                "I proposed a new metric based on one minute windows and presented it to the leadership team.",
            ),
            (
                "R",
                "The new metric showed availability of ninety nine point two percent, not ninety nine point nine.",
            ),
            ("R", "As a result, the next quarter's roadmap put reliability first."),
        ),
    ),
    StarAnswer(
        "r3-pricing-page",
        "espeak:en-us+f4@155",
        "held-out",
        True,
        (
            (
                "S",
                "A few months ago our pricing page had the lowest conversion of any page on the site.",
            ),
            ("T", "I was asked to find out why and to suggest a fix."),
            (
                "A",
                "I looked at session recordings and saw that people scrolled past the plans to the questions at the bottom.",
            ),
            (
                "A",
                "I ran a survey on the page, and most people said they could not compare the plans.",
            ),
            ("A", "I designed a test with a simple comparison table at the top."),
            (
                "R",
                "Conversion on the page rose by fourteen percent, and support tickets about plans dropped by a third.",
            ),
        ),
    ),
)

ANSWERS: tuple[StarAnswer, ...] = (*TUNE, *SEEN, *SEEN2, *HELD_OUT, *HELD_OUT_LONG, *HELD_OUT_3)
