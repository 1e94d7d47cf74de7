/*
 * test_boilerplate.c - unit tests for indexer/extract/boilerplate.c.
 *
 * One table of pages (paragraphs separated by '\n') with the verdict each
 * paragraph should get, one letter a paragraph:
 *
 *   k keep    K keep with a part cut    e empty    t template   m menu
 *   s share   p promo   r related   c credit   b bio   f foreign
 *   h headline   d dateline
 *
 * The first rows are excerpts of the five real seed articles (their
 * boilerplate lines verbatim, their article paragraphs shortened), so the
 * test runs without the development data; tests/e2e/seeds.sh checks the whole seeds.
 * Then the sample corpus's kinds of boilerplate, traps that must be kept
 * (article prose that mentions subscribers, apps, newsletters, related
 * cases, capitalised names), cut texts compared byte for byte, datelines
 * and bylines, and cross-page templates with near-duplicate articles.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../indexer/extract/boilerplate.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct row {
	const char *name;
	const char *text;
	const char *want;  /* one verdict letter a paragraph */
};

static char letter(const dk_bp_para *p)
{
	static const char l[DK_BP_NVERDICTS] = {
		'k', 'e', 't', 'm', 's', 'p', 'r', 'c', 'b', 'f', 'h', 'd'
	};
	char c = l[p->verdict];
	return c == 'k' && p->cut ? 'K' : c;
}

static const struct row rows[] = {
	/* ---- the seeds (excerpts) ---- */
	{ "seed 000: credit line and syndication note",
	  "LinkedIn, the professional networking platform owned by Microsoft, is facing a lawsuit from Premium subscribers who claim their private messages were shared with third parties.\n"
	  "The proposed class action, lodged on Tuesday night, represents millions of LinkedIn Premium users.\n"
	  "In response, LinkedIn stated, \xE2\x80\x9CThese are false claims with no merit.\xE2\x80\x9D\n"
	  "The case is formally titled De La Torre v. LinkedIn Corp and is filed in the U.S. District Court, Northern District of California, under case number 25-00709.\n"
	  "\xC2\xA9 Thomson Reuters 2025\n"
	  "(This story has not been edited by NDTV staff and is auto-generated from a syndicated feed.)",
	  "kkkkcc" },
	{ "seed 001: subheads kept; read-more list, Spanish promo, related, payment prompt",
	  "According to a proposed class-action lawsuit filed Tuesday night on behalf of millions of LinkedIn Premium customers.\n"
	  "LinkedIn Sued Over Privacy Violations\n"
	  "On Wednesday, it was revealed that Microsoft\xE2\x80\x99s LinkedIn has been sued by Premium customers who claim the business-focused social media platform disclosed their private messages to third parties without consent to train generative AI models.\n"
	  "The case is De La Torre v. LinkedIn Corp, U.S. District Court for the Northern District of California, Case No. 25-00709.\n"
	  "AI Adoption on the Rise Globally\n"
	  "According to a recent report from a leading technology consulting firm, over 60% of businesses worldwide have already started integrating AI solutions into their business models.\n"
	  "Read more:\n"
	  "What is the Lightning Lane pass that Disney World launched? We tell you\n"
	  "Donald Trump\xE2\x80\x99s speech: the 10 most notable phrases at the inauguration\n"
	  "Walmart to close five stores in January; this is the reason\n"
	  "Obt\xC3\xA9n un m\xC3\xA9s gratis a Merca2.0 premium\n"
	  "Cancela en cualquier momento\n"
	  "Acceso exclusivo a rankings y radiograf\xC3\xADs.\n"
	  "An\xC3\xA1lisis profundos y casos de estudio de \xC3\xA9xito.\n"
	  "Historial de la revista impresa en formato digital.\n"
	  "\xC2\xA1" "Disfruta de lo mejor del marketing sin costo alguno por un mes!\n"
	  "Premium\n"
	  "Popular\n"
	  "More in Merca2.0\n"
	  "Related Articles\n"
	  "Netflix increases its prices in the US\n"
	  "Netflix increases its prices in the US\n"
	  "Netflix announced it will raise subscription prices in the United States and Canada following a historic increase of 19 million new subscribers in the last quarter of 2024.\n"
	  "You don't have credit card details available. You will be redirected to update payment method page. Click OK to continue.",
	  "kkkkkkrrrrrrrfffprrrrrrp" },
	{ "seed 002: promo, whitepaper label, bio and teasers; the paragraph after the label kept",
	  "The professional networking app described the allegations as \"false claims with no merit\"\n"
	  "In a US lawsuit filed on behalf of LinkedIn Premium users, the professional networking app has been accused of using members' private messages to train AI models.\n"
	  "The story behind the LinkedIn lawsuit\n"
	  "To start with, according to the lawsuit, this was done on the quiet, with the change only appearing in the company's privacy policy in September following a backlash from users and privacy campaigners.\n"
	  "Sign up today and you will receive a free copy of our Future Focus 2026 report - the leading resource for IT decision-maker insight on priorities and investment areas in AI, security and more.\n"
	  "The company exempted customers in Canada, the EU, EEA, the UK, Switzerland, Hong Kong, and Mainland China from the data sharing - but not those in the US.\n"
	  "RELATED WHITEPAPER\n"
	  "Digital rights campaigners Open Rights Group also complained the opt-out model \xE2\x80\x9Cproves once again to be wholly inadequate\xE2\x80\x9D to protect user rights.\n"
	  "The lawsuit is asking for compensation of $1,000 per Premium user for alleged violations of the US federal Stored Communications Act, along with an unspecified additional sum for breach of contract and the breach of California's Unfair Competition Law (UCL).\n"
	  "It also calls for the company to delete all AI models trained using improperly collected data.\n"
	  "Emma Woollacott is a freelance journalist writing for publications including the BBC, Private Eye, Forbes, Raconteur and specialist technology titles.\n"
	  "-\n"
	  "UK wants an AI-powered anti-hacking systemNews GCHQ is building a national cyber defence capability powered by AI \xE2\x80\x93 though it may take five years\n"
	  "-\n"
	  "Fake North Korean IT workers are rampant on LinkedIn \xE2\x80\x93 security experts warn operatives are stealing profiles to apply for jobs and infiltrate firmsNews The scammers' latest efforts mark a significant escalation in tactics, experts have warned",
	  "kkkkpkrkkkberer" },
	{ "seed 003: app advert, QR prompt, related stories",
	  "LinkedIn users have filed a class action lawsuit in a California federal court, accusing the platform of harvesting their private messages to train artificial intelligence models without consent.\n"
	  "Alleged data harvesting for AI\n"
	  "LinkedIn, owned by Microsoft, is one of the world\xE2\x80\x99s largest social media sites for professionals and hosts millions of users worldwide.\n"
	  "Download the SAN app today to stay up-to-date with Unbiased. Straight Facts\xE2\x84\xA2.\n"
	  "Point phone camera here\n"
	  "According to the lawsuit, the platform automatically shared users\xE2\x80\x99 personal data with third parties without notifying them or seeking their permission.\n"
	  "Privacy policy update sparks legal challenge\n"
	  "The lawsuit also alleges LinkedIn attempted to cover its tracks by updating its privacy policy in 2024.\n"
	  "A spokesperson for LinkedIn has denied the allegations, calling the lawsuit \xE2\x80\x9Cinvalid\xE2\x80\x9D and without merit.\n"
	  "Related Stories",
	  "kkkppkkkkr" },
	{ "seed 004: date marker cut, two glued headlines cut",
	  " date 2025-01-24 New Delhi, January 24: Microsoft\xE2\x80\x99s LinkedIn has reportedly been sued for allegedly sharing private customer information with third parties to train artificial intelligence (AI) models.\n"
	  "It is said that LinkedIn quietly added a privacy setting last August, which allows users to choose whether to enable or disable the sharing of their personal data. Deepak Agarwal Appointed As LinkedIn Chief AI Officer, Brings 24 Years of Experience in Engineering and Artificial Intelligence Roles.\n"
	  "It claims that their private information was shared with third parties for AI training purposes before September 18. LinkedIn New Feature Update: Microsoft-Owned Professional Networking Platform Launches New AI Feature for Job Seekers and Recruiters.\n"
	  "The professional networking platform, owned by Microsoft, reportedly stated in a response that, \"These are false claims with no merit.\"",
	  "KKKk" },

	/* ---- the sample corpus's kinds ---- */
	{ "menus, share rows, app advert, read more in the middle, newsletter, copyright, more from",
	  "Home News Tech Policy Business Opinion Podcasts Subscribe\n"
	  "Share on Facebook Share on X Email\n"
	  "Brightpath Inc., the maker of the popular Brightpath workplace chat app, was sued on Tuesday by a customer who says the company quietly fed millions of private messages into its AI models.\n"
	  "Get the TechLedger app for iPhone and Android and never miss a scoop. Download it free today.\n"
	  "Read more:\n"
	  "Brightpath unveils Pathfinder assistant for paid Teams customers\n"
	  "Cloud egress fees are falling. Here\xE2\x80\x99s why.\n"
	  "The lawsuit accuses Brightpath of breach of contract and of violating California\xE2\x80\x99s Unfair Competition Law and the federal Stored Communications Act, which allows statutory damages of $1,000 per violation. It also asks the court to order Brightpath to delete any model trained on the messages.\n"
	  "Sign up for Ledger Lines, our free daily newsletter on tech policy. Enter your email address to subscribe.\n"
	  "\xC2\xA9 2025 TechLedger Media LLC. All rights reserved.\n"
	  "More from TechLedger\n"
	  "DOJ\xE2\x80\x99s Helix Cloud case: what happens next\n"
	  "Quantix Labs asks judge to throw out Ohio data lawsuit",
	  "mskprrrkpcrrr" },
	{ "paywall meter, event promo, bio, courtside copyright",
	  "You have read 1 of 3 free articles this month. Subscribe now for unlimited access to Courtside Law.\n"
	  "Ohio\xE2\x80\x99s attorney general sued Quantix Labs on Wednesday, accusing the location data company of selling residents\xE2\x80\x99 movements without their consent.\n"
	  "Join us at Courtside Live, April 9\xE2\x80\x93" "10, 2025, in Chicago. Hear general counsel and federal judges on AI, privacy and antitrust. Early-bird registration ends Friday.\n"
	  "The case has been assigned to U.S. District Judge Raymond T. Albers in Cincinnati. Quantix has until mid-January to respond to the complaint.\n"
	  "Harriet Vale covers state enforcement and consumer protection for Courtside Law.\n"
	  "\xC2\xA9 2024 Courtside Law LLC. Reproduction without permission is prohibited.",
	  "pkpkbc" },
	{ "related headline dropped mid-article, repeated in the related list",
	  "Front Page Courts Capitol Hill Tech Money Letters Archive\n"
	  "The proposed class action, filed in the U.S. District Court for the Northern District of California, seeks to represent every paying Brightpath Teams subscriber in the United States.\n"
	  "Ninth Circuit says \xC2\xA7 230 shields Threadline\xE2\x80\x99s recommendation feed\n"
	  "The complaint says Brightpath changed its privacy policy on Sept. 30 to mention AI training for the first time, and that a help-center page said switching off the setting would not reverse training.\n"
	  "Get The Docket Daily in your inbox each weekday morning. Sign up \xE2\x80\x94 it\xE2\x80\x99s free.\n"
	  "Related Articles\n"
	  "Ninth Circuit says \xC2\xA7 230 shields Threadline\xE2\x80\x99s recommendation feed\n"
	  "The court split 2-1 on whether ranking posts is the platform\xE2\x80\x99s own speech.\n"
	  "FTC sues Orchard Mobile, alleging an illegal app store monopoly\n"
	  "The agency says developers were forced into a 30% payment system.",
	  "mkhkprrrrr" },
	{ "an orphan headline sharing no words with the article",
	  "A federal jury in Marshall, Texas, on Monday found that smartphone maker Quillon Devices infringed a camera stabilization patent and ordered it to pay damages.\n"
	  "Moreno v. Threadline asks whether a recommendation algorithm is speech\n"
	  "The jury also found that the infringement was willful, which allows the judge to increase the damages by up to three times for the smartphone maker.",
	  "khk" },
	{ "related pairs merged into one line by the reader, at the tail",
	  "Brightpath Inc. on Tuesday introduced Pathfinder, an artificial intelligence assistant built into its workplace chat app that can summarize long threads and draft replies for the teams that use it, the company said in a statement released before its annual conference.\n"
	  "Ellery said Brightpath supports sensible transparency rules and would work with lawmakers on the details of any new law.\n"
	  "Related Articles\n"
	  "Moffett Park office vacancies hit a five-year low as AI firms expand Landlords say demand from artificial intelligence startups has filled space left empty since 2020.\n"
	  "San Jose council delays vote on downtown data center Residents asked for more time to study the project\xE2\x80\x99s power and water use.",
	  "kkrrr" },
	{ "wire credits, German promo, glued teasers, separators",
	  "SAN JOSE, Calif., Jan. 22 (Meridian Wire) - Brightpath Inc., the maker of the popular Brightpath workplace chat app, was sued on Tuesday by a customer who says the company fed her private messages to its AI.\n"
	  "Bytewire gibt es jetzt auch auf Deutsch: Die wichtigsten Sicherheitsmeldungen des Tages, jeden Morgen kostenlos in Ihrem Postfach. Jetzt anmelden und nichts mehr verpassen.\n"
	  "The lawsuit accuses Brightpath of breach of contract and of violating the federal Stored Communications Act, which allows statutory damages of $1,000 per violation.\n"
	  "(Reporting by Tomasz Wrona in San Jose; Editing by Ellen Park)\n"
	  "\xE2\x80\x93 \n"
	  "Fake browser updates are spreading a new infostealer, researchers warnNews The campaign targets people searching for PDF tools and tax forms\n"
	  "\xC2\xA9 Bytewire 2025",
	  "kfkcerc" },
	{ "byline and date line at the top; signal & noise menu and furniture",
	  "By Felix Amsel \xC2\xB7 July 18, 2024 \xC2\xB7 9 min read\n"
	  "Signal & Noise Essays Newsletter Podcast About Support us\n"
	  "Every few months someone declares that Section 230 is about to fall. Last year it was a pair of Supreme Court cases that ended with the justices declining to say much at all.\n"
	  "Signal & Noise is reader-funded. Become a member for $5 a month and get every essay a day early.\n"
	  "Share: Mastodon \xC2\xB7 Bluesky \xC2\xB7 Email\n"
	  "Filed under: platforms, speech, law",
	  "cmkcsc" },
	{ "pacific ledger header block merged by the reader",
	  "By Marisol Ortega | Pacific Ledger Published June 12, 2024 at 6:15 a.m. Share this story: Facebook | X | LinkedIn | Email\n"
	  "SUNNYVALE \xE2\x80\x94 Brightpath Inc. on Tuesday introduced Pathfinder, an artificial intelligence assistant built into its workplace chat app that can summarize long threads, draft replies and answer questions about a team\xE2\x80\x99s past conversations.\n"
	  "\xC2\xBFPrefiere leer en espa\xC3\xB1ol? Pacific Ledger en Espa\xC3\xB1ol publica cada ma\xC3\xB1" "ana las noticias m\xC3\xA1s importantes de la Bah\xC3\xAD" "a. Suscr\xC3\xAD" "base gratis hoy mismo.\n"
	  "Support local journalism. Subscribe to the Pacific Ledger for 99 cents for your first month.\n"
	  "Copyright \xC2\xA9 2024 Pacific Ledger Publishing Co.",
	  "ckfpc" },
	{ "a line that is only a date",
	  "Published June 12, 2024 at 6:15 a.m.\n"
	  "Brightpath Inc. on Tuesday introduced Pathfinder, an artificial intelligence assistant built into its workplace chat app that can summarize long threads.",
	  "dk" },

	/* ---- prose that must be kept ---- */
	{ "traps: subscribers, apps, newsletters, related, copyright law, sign-ups",
	  "Netflix said it added 19 million subscribers in the quarter, and that subscription prices would rise in the United States and Canada next month.\n"
	  "Users who download the app from the App Store will be asked to subscribe before they can read more than three articles, the company said.\n"
	  "Substack, which hosts thousands of newsletters, said its writers now have more than 5 million paying subscribers.\n"
	  "Copyright law has not kept pace with generative AI, the judge wrote, and Congress should decide whether training is fair use.\n"
	  "The related case, filed by a group of authors in Manhattan, will be heard by the same judge.\n"
	  "Sign-ups for the beta rose 40% after the launch, according to the company.\n"
	  "The company declined to comment.\n"
	  "Attackers stole credit card details of about 40,000 customers, the retailer said on Friday.",
	  "kkkkkkkk" },
	{ "a caption with the article glued after it stays; a caption alone goes",
	  "Photograph: Yilan Deng Of course, this is happening everywhere, but in China the transformation has been faster, vaster, and more bewildering than anywhere else, the author argues in the essay.\n"
	  "Photograph: Karen Arnott/EMBL-EBI/PA\n"
	  "The AlphaFold database will increase our understanding of how proteins function, say scientists.",
	  "kck" },
	{ "traps: captions, names and case text stay",
	  "The case is Harlow v. Brightpath Inc., U.S. District Court for the Northern District of California, Case No. 5:25-cv-01234.\n"
	  "Others named in the suit include Microsoft, OpenAI, Google, Amazon Web Services and Meta Platforms.\n"
	  "U.S. District Judge Margaret Ostrander granted the motion in part.\n"
	  "What happens next\n"
	  "The company is based in Sunnyvale, California. It employs 3,800 people.",
	  "kkkkk" },
	{ "traps: a quoted sentence in another language stays in a short article",
	  "El Pais reported the story first.\n"
	  "The minister told reporters that the rules would change next year, according to a transcript of the briefing released on Thursday by the ministry in Madrid.",
	  "kk" },
	{ "empty and punctuation-only lines",
	  "\xE2\x80\x93\n"
	  "   \n"
	  "A short article about nothing much at all, written for the test.",
	  "eek" },
	/* Casing is no evidence when the whole article has it (issue 13): a
	 * 1963 magazine set in capitals, a collection in Title Case. */
	{ "an all-caps article keeps all of its text",
	  "THE PRESIDENT SAID ON TUESDAY THAT THE TALKS IN GENEVA WOULD GO ON THROUGH THE WINTER, AND THAT HE EXPECTED NO AGREEMENT BEFORE THE SPRING.\n"
	  "CONGRESS RETURNS NEXT WEEK\n"
	  "AN EXPERIMENTAL STUDY OF A WING IN A PROPELLER SLIPSTREAM WAS MADE IN ORDER TO DETERMINE THE SPANWISE DISTRIBUTION OF THE LIFT INCREASE DUE TO SLIPSTREAM AT DIFFERENT ANGLES OF ATTACK OF THE WING AND AT DIFFERENT FREE STREAM TO SLIPSTREAM VELOCITY RATIOS .\n"
	  "SENATORS OF BOTH PARTIES TOLD REPORTERS THEY WOULD WAIT FOR THE TREATY TEXT BEFORE THEY DECIDED HOW TO VOTE ON IT.",
	  "kkkk" },
	{ "an all-caps article still loses a menu of separated labels",
	  "HOME | NEWS | SPORT | WEATHER | BUSINESS\n"
	  "THE PRESIDENT SAID ON TUESDAY THAT THE TALKS IN GENEVA WOULD GO ON THROUGH THE WINTER, AND THAT HE EXPECTED NO AGREEMENT BEFORE THE SPRING.\n"
	  "SENATORS OF BOTH PARTIES TOLD REPORTERS THEY WOULD WAIT FOR THE TREATY TEXT BEFORE THEY DECIDED HOW TO VOTE ON IT.",
	  "mkk" },
	{ "a Title Case article keeps all of its text",
	  "The President Said On Tuesday That The Talks In Geneva Would Go On Through The Winter. He Expected No Agreement Before The Spring Thaw In Europe.\n"
	  "Senate Waits For The Treaty Text From Geneva\n"
	  "Senators Of Both Parties Told Reporters They Would Wait For The Treaty Text Before They Decided How To Vote On It. Ratification Requires Two Thirds Of The Senate Chamber.",
	  "kkk" },
	{ "an article that is only a share bar",
	  "Share on Facebook Share on X Share on LinkedIn Email",
	  "s" },
};

/* Report a failing row and go on, so one run shows every failing row. */
#define row_fail(...) (print_error(__VA_ARGS__), print_error("\n"), bad++)

static void test_verdict_table(void **state)
{
	(void)state;
	dk_bp_stripper *st = NULL;
	assert_int_equal(dk_bp_stripper_new(&st), DK_OK);
	dk_bp_result r = { 0 };
	int bad = 0;
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		dk_buf out = DK_BUF_INIT;
		dk_status s = dk_bp_strip(st, NULL, NULL, NULL, rows[i].text,
						   strlen(rows[i].text), &r, &out);
		char got[128];
		size_t n = 0;
		for (size_t k = 0; k < r.n && n + 1 < sizeof got; k++)
			got[n++] = letter(&r.para[k]);
		got[n] = '\0';
		if (s != DK_OK || strcmp(got, rows[i].want)) {
			row_fail("%s: got %s, want %s", rows[i].name, got, rows[i].want);
			for (size_t k = 0; k < r.n; k++)
				if (letter(&r.para[k]) != rows[i].want[k])
					print_error("   [%zu] %c %.80s\n", k,
						    letter(&r.para[k]),
						    rows[i].text + r.para[k].start);
		}
		dk_buf_free(&out);
	}
	dk_bp_result_free(&r);
	dk_bp_stripper_free(st);
	assert_int_equal(bad, 0);
}

/* ---- exact output -------------------------------------------------- */

struct out_row {
	const char *name;
	const char *title;
	const char *text;
	const char *want;   /* the stripped text */
	const char *date;   /* "" none */
	const char *author; /* "" none */
};

static const struct out_row out_rows[] = {
	{ "seed 004: marker and glued headlines cut", NULL,
	  " date 2025-01-24 New Delhi, January 24: LinkedIn has reportedly been sued for allegedly sharing private customer information.\n"
	  "It is said that LinkedIn quietly added a privacy setting last August, which allows users to disable the sharing of their personal data. Deepak Agarwal Appointed As LinkedIn Chief AI Officer, Brings 24 Years of Experience in Engineering and Artificial Intelligence Roles.\n"
	  "It claims that their private information was shared with third parties for AI training purposes before September 18. LinkedIn New Feature Update: Microsoft-Owned Professional Networking Platform Launches New AI Feature for Job Seekers and Recruiters.",
	  "New Delhi, January 24: LinkedIn has reportedly been sued for allegedly sharing private customer information.\n"
	  "It is said that LinkedIn quietly added a privacy setting last August, which allows users to disable the sharing of their personal data.\n"
	  "It claims that their private information was shared with third parties for AI training purposes before September 18.",
	  "2025-01-24", "" },
	{ "a glued headline after a quote and a number is cut; a caption sentence is not", NULL,
	  "Shares of the company fell 3.2% in afternoon trading on Wednesday, after the complaint was filed late on Tuesday. Brightpath Unveils Pathfinder Assistant For Paid Teams Customers, Promises Privacy Controls.\n"
	  "The case is Harlow v. Brightpath Inc., U.S. District Court for the Northern District of California, Case No. 5:25-cv-01234.\n"
	  "The lawsuit names several companies as defendants. They are Microsoft, OpenAI, Google and Amazon.",
	  "Shares of the company fell 3.2% in afternoon trading on Wednesday, after the complaint was filed late on Tuesday.\n"
	  "The case is Harlow v. Brightpath Inc., U.S. District Court for the Northern District of California, Case No. 5:25-cv-01234.\n"
	  "The lawsuit names several companies as defendants. They are Microsoft, OpenAI, Google and Amazon.",
	  "", "" },
	{ "a sentence in capitals is not a headline", NULL,
	  "Winners may be disqualified for improper conduct and must return any prize they received. WARNING: ANY ATTEMPT TO DAMAGE THE LEGITIMATE OPERATION OF THIS SWEEPSTAKES MAY BE A VIOLATION OF LAW.",
	  "Winners may be disqualified for improper conduct and must return any prize they received. WARNING: ANY ATTEMPT TO DAMAGE THE LEGITIMATE OPERATION OF THIS SWEEPSTAKES MAY BE A VIOLATION OF LAW.",
	  "", "" },
	{ "a menu run and the page title before the first sentence",
	  "Where computing might go next | MIT Technology Review",
	  "Featured Topics Newsletters Events Podcasts Where computing might go next The future of computing depends in part on how we reckon with its past.\n"
	  "If the future of computing is anything like its past, its trajectory will depend on things that have little to do with computing itself.",
	  "The future of computing depends in part on how we reckon with its past.\n"
	  "If the future of computing is anything like its past, its trajectory will depend on things that have little to do with computing itself.",
	  "", "" },
	{ "byline: author and date", NULL,
	  "By Felix Amsel \xC2\xB7 July 18, 2024 \xC2\xB7 9 min read\n"
	  "Every few months someone declares that Section 230 is about to fall.",
	  "Every few months someone declares that Section 230 is about to fall.",
	  "2024-07-18", "Felix Amsel" },
	{ "byline with a source", NULL,
	  "By Marisol Ortega | Pacific Ledger\n"
	  "Published June 12, 2024 at 6:15 a.m.\n"
	  "SUNNYVALE \xE2\x80\x94 Brightpath Inc. on Tuesday introduced Pathfinder.",
	  "SUNNYVALE \xE2\x80\x94 Brightpath Inc. on Tuesday introduced Pathfinder.",
	  "2024-06-12", "Marisol Ortega" },
	{ "a city dateline with a year gives the date and stays", NULL,
	  "WASHINGTON, January 24, 2025 \xE2\x80\x94 The Justice Department sued Helix Cloud on Friday. The case was filed in Washington.",
	  "WASHINGTON, January 24, 2025 \xE2\x80\x94 The Justice Department sued Helix Cloud on Friday. The case was filed in Washington.",
	  "2025-01-24", "" },
	{ "'By' opening a sentence is no byline", NULL,
	  "By Tuesday, the company had fixed the flaw in every affected product.\n"
	  "By Christmas Eve, shoppers had spent more than ever online, the group said.",
	  "By Tuesday, the company had fixed the flaw in every affected product.\n"
	  "By Christmas Eve, shoppers had spent more than ever online, the group said.",
	  "", "" },
	{ "a date inside the text is no dateline", NULL,
	  "The plaintiffs allege that LinkedIn discreetly updated its privacy policy on September 18, 2024, stating that user data could be used to train AI models.",
	  "The plaintiffs allege that LinkedIn discreetly updated its privacy policy on September 18, 2024, stating that user data could be used to train AI models.",
	  "", "" },
};

static void test_output_table(void **state)
{
	(void)state;
	dk_bp_stripper *st = NULL;
	assert_int_equal(dk_bp_stripper_new(&st), DK_OK);
	dk_bp_result r = { 0 };
	int bad = 0;
	for (size_t i = 0; i < ARRAY_LEN(out_rows); i++) {
		const struct out_row *row = &out_rows[i];
		dk_buf out = DK_BUF_INIT;
		dk_status s = dk_bp_strip(st, NULL, NULL, row->title,
						   row->text, strlen(row->text), &r,
						   &out);
		const char *got = out.data ? out.data : "";
		if (s != DK_OK || strcmp(got, row->want))
			row_fail("%s:\n got  [%s]\n want [%s]", row->name, got,
				 row->want);
		if (strcmp(r.date, row->date))
			row_fail("%s: date %s, want %s", row->name, r.date, row->date);
		if (strcmp(r.author, row->author))
			row_fail("%s: author %s, want %s", row->name, r.author,
				 row->author);
		dk_buf_free(&out);
	}
	dk_bp_result_free(&r);
	dk_bp_stripper_free(st);
	assert_int_equal(bad, 0);
}

/* ---- templates ----------------------------------------------------- */

/* An article of source src: a template line, then n prose paragraphs
 * made unique by seed. */
static char *page(const char *tpl_line, unsigned seed, unsigned n)
{
	dk_buf b = DK_BUF_INIT;
	if (tpl_line)
		dk_buf_printf(&b, "%s\n", tpl_line);
	for (unsigned i = 0; i < n; i++)
		dk_buf_printf(&b, "Paragraph %u of story %u says that the company "
			      "reported results for quarter %u on a Tuesday.\n",
			      i, seed, seed * 7 + i);
	return dk_buf_detach(&b, NULL);
}

static const char *line_verdict(dk_bp_stripper *st, dk_templates *t,
				const char *src, const char *text)
{
	static char got[64];
	dk_bp_result r = { 0 };
	dk_buf out = DK_BUF_INIT;
	assert_int_equal(dk_bp_strip(st, t, src, NULL, text, strlen(text),
					      &r, &out), DK_OK);
	size_t n = 0;
	for (size_t k = 0; k < r.n && n + 1 < sizeof got; k++)
		got[n++] = letter(&r.para[k]);
	got[n] = '\0';
	dk_buf_free(&out);
	dk_bp_result_free(&r);
	return got;
}

static void test_templates(void **state)
{
	(void)state;
	dk_bp_stripper *st = NULL;
	dk_templates *t = NULL;
	assert_int_equal(dk_bp_stripper_new(&st), DK_OK);
	assert_int_equal(dk_templates_new(0, &t), DK_OK);
	const char *line = "Discover our Briefings and the Venture Report";
	char *p[4];
	for (unsigned i = 0; i < 4; i++) {
		p[i] = page(line, i + 1, 8);
		char title[32];
		snprintf(title, sizeof title, "Story %u", i);
		assert_int_equal(dk_templates_learn(t, "vb", title, p[i],
						    strlen(p[i])), DK_OK);
	}
	/* Four different articles of the source hold the line. */
	assert_int_equal(dk_templates_count(t, "vb", line, strlen(line)), 4);
	assert_int_equal(dk_templates_count(t, "other", line, strlen(line)), 0);
	assert_string_equal(line_verdict(st, t, "vb", p[0]), "tkkkkkkkk");
	/* Another source does not share the template. */
	assert_string_equal(line_verdict(st, t, "other", p[0]), "kkkkkkkkk");
	/* Case does not matter, white space at the ends neither. */
	const char *shout = "  DISCOVER OUR BRIEFINGS AND THE VENTURE REPORT ";
	assert_int_equal(dk_templates_count(t, "vb", shout, strlen(shout)), 4);
	for (unsigned i = 0; i < 4; i++)
		free(p[i]);
	dk_templates_free(t);
	dk_bp_stripper_free(st);
}

/* An updated story (one paragraph added) and a story repeated three times
 * are near-duplicates: their shared paragraphs never become templates. */
static void test_templates_near_duplicates(void **state)
{
	(void)state;
	dk_bp_stripper *st = NULL;
	dk_templates *t = NULL;
	assert_int_equal(dk_bp_stripper_new(&st), DK_OK);
	assert_int_equal(dk_templates_new(0, &t), DK_OK);
	char *orig = page(NULL, 42, 8);
	dk_buf upd = DK_BUF_INIT;
	dk_buf_printf(&upd, "%sUpdate, February 11: the company said more devices "
		      "were affected than it first reported.\n", orig);
	assert_int_equal(dk_templates_learn(t, "bw", "Breach confirmed", orig,
					    strlen(orig)), DK_OK);
	assert_int_equal(dk_templates_learn(t, "bw", "Updated: Breach confirmed",
					    upd.data, upd.len), DK_OK);
	/* A third copy under a new title: shares every paragraph with the
	 * first, so it is a near-duplicate too. */
	assert_int_equal(dk_templates_learn(t, "bw", "Breach: a third look",
					    orig, strlen(orig)), DK_OK);
	assert_int_equal(dk_templates_learn(t, "bw", "Breach: a fourth look",
					    orig, strlen(orig)), DK_OK);
	const char *first = "Paragraph 0 of story 42 says that the company "
			    "reported results for quarter 294 on a Tuesday.";
	assert_int_equal(dk_templates_count(t, "bw", first, strlen(first)), 1);
	assert_string_equal(line_verdict(st, t, "bw", orig), "kkkkkkkk");
	free(orig);
	dk_buf_free(&upd);
	dk_templates_free(t);
	dk_bp_stripper_free(st);
}

/* A full table forgets the paragraphs seen once and keeps the templates. */
static void test_templates_bounded(void **state)
{
	(void)state;
	dk_templates *t = NULL;
	assert_int_equal(dk_templates_new(256, &t), DK_OK);
	const char *line = "Subscribe to our weekly roundup of the news";
	for (unsigned i = 0; i < 400; i++) {
		char *p = page(line, i + 100, 3);
		char title[32];
		snprintf(title, sizeof title, "Story %u", i);
		assert_int_equal(dk_templates_learn(t, "s", title, p, strlen(p)),
				 DK_OK);
		free(p);
	}
	assert_true(dk_templates_count(t, "s", line, strlen(line)) >= 100);
	dk_templates_free(t);
}

/* Stripping is linear: a 4 MB paragraph and 100,000 short lines. */
static void test_large_inputs(void **state)
{
	(void)state;
	dk_bp_stripper *st = NULL;
	assert_int_equal(dk_bp_stripper_new(&st), DK_OK);
	size_t n = 4u << 20;
	char *big = malloc(n + 1);
	assert_non_null(big);
	for (size_t i = 0; i < n; i++)
		big[i] = "word "[i % 5];
	big[n] = '\0';
	dk_bp_result r = { 0 };
	dk_buf out = DK_BUF_INIT;
	assert_int_equal(dk_bp_strip(st, NULL, NULL, NULL, big, n, &r,
					      &out), DK_OK);
	for (size_t i = 0; i < n; i++)
		big[i] = i % 8 == 7 ? '\n' : "Menu x "[i % 8];
	dk_buf_reset(&out);
	assert_int_equal(dk_bp_strip(st, NULL, NULL, NULL, big, n, &r,
					      &out), DK_OK);
	assert_true(r.n > 100000);
	free(big);
	dk_buf_free(&out);
	dk_bp_result_free(&r);
	dk_bp_stripper_free(st);
}

static void test_verdict_names(void **state)
{
	(void)state;
	assert_string_equal(dk_bp_verdict_name(DK_BP_KEEP), "keep");
	assert_string_equal(dk_bp_verdict_name(DK_BP_DATELINE), "dateline");
	assert_string_equal(dk_bp_verdict_name(DK_BP_NVERDICTS), "?");
}

/* A menu flattened onto the start of each article's first paragraph:
 * the paragraphs differ, their openings do not. */
static void test_templates_openings(void **state)
{
	(void)state;
	dk_bp_stripper *st = NULL;
	dk_templates *t = NULL;
	assert_int_equal(dk_bp_stripper_new(&st), DK_OK);
	assert_int_equal(dk_templates_new(0, &t), DK_OK);
	const char *menu = "Artigos Temas Boletins Eventos Podcasts Arquivo "
			   "Assinaturas Contato Sobre Carreiras Loja Ajuda";
	const char *ledes[] = {
		"The harbour council met on Monday to discuss the ferry budget.",
		"A court in Lisbon ruled on Tuesday that the contract was void.",
		"Shares of the shipping group fell after its results were published.",
		"The minister said the new rules would take effect next spring.",
		"Two boats were added to the island route, the company said.",
		"Researchers found that the bridge needed repairs within a year.",
	};
	char text[6][512];
	for (unsigned i = 0; i < 6; i++) {
		snprintf(text[i], sizeof text[i],
			 "%s %s\nParagraph %u of story %u says more about it.\n",
			 menu, ledes[i], i, i);
		char title[32];
		snprintf(title, sizeof title, "Story %u", i);
		if (i < 4)
			assert_int_equal(dk_templates_learn(t, "site", title, text[i],
							    strlen(text[i])), DK_OK);
	}
	/* Four articles are too few. */
	assert_int_equal(dk_templates_opening(t, "site", text[0], strlen(text[0])), 0);
	for (unsigned i = 4; i < 6; i++) {
		char title[32];
		snprintf(title, sizeof title, "Story %u", i);
		assert_int_equal(dk_templates_learn(t, "site", title, text[i],
						    strlen(text[i])), DK_OK);
	}
	/* Six are enough: the menu's twelve words go, the lede stays. */
	dk_bp_result r = { 0 };
	dk_buf out = DK_BUF_INIT;
	assert_int_equal(dk_bp_strip(st, t, "site", NULL, text[2], strlen(text[2]),
				     &r, &out), DK_OK);
	assert_non_null(out.data);
	assert_true(strncmp(out.data, ledes[2], strlen(ledes[2])) == 0);
	dk_buf_free(&out);
	/* Another source keeps it. */
	assert_int_equal(dk_templates_opening(t, "other", text[2], strlen(text[2])), 0);
	/* A paragraph that is only the opening is not emptied by it. */
	assert_int_equal(dk_bp_strip(st, t, "site", NULL, menu, strlen(menu), &r,
				     &out), DK_OK);
	assert_non_null(out.data);
	assert_true(out.len > 0 && strstr(menu, out.data) != NULL);
	dk_buf_free(&out);
	dk_bp_result_free(&r);
	dk_templates_free(t);
	dk_bp_stripper_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verdict_table),
		cmocka_unit_test(test_output_table),
		cmocka_unit_test(test_templates),
		cmocka_unit_test(test_templates_near_duplicates),
		cmocka_unit_test(test_templates_bounded),
		cmocka_unit_test(test_templates_openings),
		cmocka_unit_test(test_large_inputs),
		cmocka_unit_test(test_verdict_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
