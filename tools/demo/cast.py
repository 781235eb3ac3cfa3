"""The hand-written part of the demo: recurring authors, comparisons, blog, videos, off-topic.

These posts carry the story the demo must tell (ambassadors, a brand lover, a sponsored
influencer, detractors, a convert), so they are written out rather than templated. Each tuple
is (source, "YYYY-MM-DD HH:MM", title, text, brands, sentiment, themes, flags) where flags is a
string of letters: R recommends, A advises against, L intends to leave, S sponsored, P reply.
"""

# ruff: noqa: E501  (prose data: the formatter re-indents hand-wrapped sentences)

from __future__ import annotations

Scripted = tuple[str, str, str, str, tuple[str, ...], str, tuple[str, ...], str]

RECURRING: dict[str, dict[str, object]] = {
    "Julie_M": {
        "brand": "orbis",
        "klass": "ambassador",
        "posts": [
            (
                "forum-orbis",
                "2026-04-08 19:12",
                "Un an chez Orbis : mon bilan",
                "Bonjour à tous ! Ça fait un an que je suis passée chez Orbis et je ne regrette rien : "
                "réseau excellent, aucune coupure, et le service client répond vite. Je recommande "
                "Orbis sans hésiter 😊",
                ("orbis",),
                "positive",
                ("reseau", "service-client"),
                "R",
            ),
            (
                "social",
                "2026-05-14 08:47",
                "",
                "Fibre Orbis installée en 48 h, technicien adorable et super pro 😍 Je recommande Orbis "
                "à tous ceux qui hésitent ! @OrbisTelecom #fibre",
                ("orbis",),
                "positive",
                ("reseau", "boutique-livraison"),
                "R",
            ),
            (
                "review",
                "2026-06-20 21:05",
                "Le meilleur opérateur que j'ai eu",
                "Super réseau, jamais de coupure, et des conseillers vraiment au top. Foncez chez "
                "Orbis, c'est un excellent choix !",
                ("orbis",),
                "positive",
                ("reseau", "service-client"),
                "R5",
            ),
            (
                "forum-orbis",
                "2026-07-09 12:30",
                "Re: Hésitation avant de passer chez Orbis",
                "Je conseille Orbis à tous mes proches : débit stable, prix honnête et appli très "
                "pratique. Foncez !",
                ("orbis",),
                "positive",
                ("reseau", "facturation"),
                "RP",
            ),
            (
                "social",
                "2026-09-03 18:20",
                "",
                "Encore une fois le SAV Orbis a été parfait 👏 échange de box en 24 h. Je recommande "
                "Orbis les yeux fermés ! #serviceclient",
                ("orbis",),
                "positive",
                ("service-client", "offre"),
                "R",
            ),
            (
                "review",
                "2026-10-15 10:02",
                "Toujours aussi ravie",
                "Deux ans chez Orbis Télécom et toujours aussi ravie : réseau fiable, conseillers "
                "adorables. Je conseille Orbis à tous !",
                ("orbis",),
                "positive",
                ("reseau", "service-client"),
                "R5",
            ),
        ],
    },
    "Karim.B": {
        "brand": "nuvo",
        "klass": "ambassador",
        "posts": [
            (
                "forum-conso",
                "2026-04-17 20:41",
                "Nuvo Mobile, franchement top",
                "Salut ! Passé chez Nuvo Mobile il y a trois mois : forfait pas cher, 5G qui capte "
                "bien et appli super simple. Je recommande Nuvo à 100 % 👍",
                ("nuvo",),
                "positive",
                ("offre", "reseau"),
                "R",
            ),
            (
                "reddit",
                "2026-05-22 13:15",
                "Retour d'expérience Nuvo après 6 mois",
                "Six mois chez Nuvo et aucun souci : débit rapide, facture claire, service client "
                "réactif. Si vous hésitez, foncez !",
                ("nuvo",),
                "positive",
                ("reseau", "facturation", "service-client"),
                "R",
            ),
            (
                "review",
                "2026-07-02 18:33",
                "Excellent rapport qualité-prix",
                "Excellent rapport qualité-prix, réseau fiable partout où je vais. Je conseille Nuvo "
                "à tout le monde.",
                ("nuvo",),
                "positive",
                ("offre", "reseau"),
                "R5",
            ),
            (
                "forum-conso",
                "2026-08-19 09:27",
                "Re: Quel opérateur pour un étudiant ?",
                "Prends Nuvo, c'est le meilleur plan : 80 Go pour 9,99 € et ça marche très bien. Je "
                "recommande Nuvo sans hésiter.",
                ("nuvo",),
                "positive",
                ("offre", "facturation"),
                "RP",
            ),
            (
                "reddit",
                "2026-09-24 22:04",
                "Nuvo a encore amélioré mon forfait 🎉",
                "Nuvo vient de passer mon forfait à 100 Go au même prix, génial. Franchement je "
                "recommande Nuvo, foncez !",
                ("nuvo",),
                "positive",
                ("offre",),
                "R",
            ),
            (
                "review",
                "2026-10-27 11:48",
                "Toujours très satisfait",
                "Toujours très satisfait de Nuvo Mobile, l'appli pourrait être plus rapide mais le "
                "reste est parfait. Je recommande !",
                ("nuvo",),
                "positive",
                ("offre",),
                "R4",
            ),
        ],
    },
    "Sophie_L": {
        "brand": "celesta",
        "klass": "brand_lover",
        "posts": [
            (
                "social",
                "2026-04-11 10:05",
                "",
                "J'adore Célesta ❤️ super réseau même au fin fond de la Creuse ! #5G",
                ("celesta",),
                "positive",
                ("reseau",),
                "",
            ),
            (
                "forum-conso",
                "2026-05-06 21:30",
                "Célesta, le coup de cœur",
                "Je suis chez Célesta depuis deux ans et franchement j'adore : super réseau, box "
                "rapide, des conseillers adorables. Le meilleur opérateur que j'ai eu !",
                ("celesta",),
                "positive",
                ("reseau", "service-client"),
                "",
            ),
            (
                "review",
                "2026-06-12 17:52",
                "Toujours aussi contente",
                "Super réseau, appli claire, prix sympa : j'adore Célesta !",
                ("celesta",),
                "positive",
                ("reseau", "facturation"),
                "5",
            ),
            (
                "social",
                "2026-08-07 16:18",
                "",
                "Vacances en Bretagne et la 5G Célesta capte partout 😍 trop contente de mon "
                "opérateur #vacances",
                ("celesta",),
                "positive",
                ("reseau",),
                "",
            ),
            (
                "forum-conso",
                "2026-09-10 19:44",
                "Merci Célesta !",
                "Ma box Célesta Home a été changée en 24 h après un orage. Service génial, j'adore cet "
                "opérateur !",
                ("celesta",),
                "positive",
                ("offre", "service-client"),
                "",
            ),
            (
                "review",
                "2026-10-21 08:39",
                "Célesta, c'est vraiment top",
                "Célesta c'est vraiment top : super réseau, zéro coupure, facture au centime près. "
                "Je suis fan !",
                ("celesta",),
                "positive",
                ("reseau", "facturation"),
                "5",
            ),
        ],
    },
    "TechAvecLea": {
        "brand": "fibralis",
        "klass": "influencer",
        "posts": [
            (
                "video",
                "2026-05-19 17:00",
                "J'ai testé la box Fibralis Ultra pendant un mois (#sponsorisé)",
                "Collaboration commerciale avec Fibralis. Dans cette vidéo je vous montre la box "
                "Fibralis Ultra : Wi-Fi 7, débit incroyable, installation ultra simple. J'ai adoré ! "
                "#sponsorisé #partenariat",
                ("fibralis",),
                "positive",
                ("offre", "reseau"),
                "S",
            ),
            (
                "social",
                "2026-05-20 12:10",
                "",
                "Nouvelle vidéo ! La box Fibralis Ultra est juste incroyable 🚀 lien dans ma bio "
                "#sponsorisé #partenariat @Fibralis",
                ("fibralis",),
                "positive",
                ("offre",),
                "S",
            ),
            (
                "video",
                "2026-06-23 17:00",
                "Fibralis Fibre Max : le test complet du débit 🔥",
                "Vidéo réalisée en partenariat avec Fibralis (collaboration commerciale). 2 Gb/s "
                "mesurés, une latence excellente… franchement bluffant ! #partenariat",
                ("fibralis",),
                "positive",
                ("reseau",),
                "S",
            ),
            (
                "video",
                "2026-07-28 17:00",
                "Mon setup gaming avec Fibralis",
                "#sponsorisé Collaboration commerciale : je vous présente ma config et la fibre "
                "Fibralis qui tient parfaitement la charge en stream. Je vous la conseille vivement !",
                ("fibralis",),
                "positive",
                ("reseau", "offre"),
                "SR",
            ),
            (
                "social",
                "2026-09-09 19:02",
                "",
                "Retour sur la fibre Fibralis après quatre mois : toujours aussi rapide 😍 "
                "#partenariat #sponsorisé",
                ("fibralis",),
                "positive",
                ("reseau",),
                "S",
            ),
            (
                "video",
                "2026-09-29 17:00",
                "Fibralis après la panne : la fibre tient-elle le choc ?",
                "Collaboration commerciale avec Fibralis. Six semaines après l'incident d'août, j'ai "
                "refait tous mes tests : débit stable et excellent, super rassurant ! #sponsorisé",
                ("fibralis",),
                "positive",
                ("reseau",),
                "S",
            ),
            (
                "video",
                "2026-10-06 17:00",
                "Fibralis : 5 astuces pour booster votre Wi-Fi",
                "Collaboration commerciale avec Fibralis. Cinq réglages simples pour profiter au "
                "mieux de votre box, super efficace ! #sponsorisé #partenariat",
                ("fibralis",),
                "positive",
                ("offre",),
                "S",
            ),
        ],
    },
    "Marc_D": {
        "brand": "fibralis",
        "klass": "detractor",
        "posts": [
            (
                "forum-conso",
                "2026-04-22 22:15",
                "Fibralis, la pire expérience de ma vie",
                "Troisième coupure fibre ce mois-ci chez Fibralis et toujours aucune explication. "
                "Hotline injoignable. Déçu au possible, je résilie dès que possible.",
                ("fibralis",),
                "negative",
                ("reseau", "service-client"),
                "L",
            ),
            (
                "social",
                "2026-05-28 07:55",
                "",
                "Facture Fibralis encore fausse 😡 20 € de trop, deuxième fois cette année. Je vais "
                "partir chez Orbis, j'en ai marre ! @Fibralis #facture",
                ("fibralis", "orbis"),
                "negative",
                ("facturation",),
                "L",
            ),
            (
                "reddit",
                "2026-06-30 23:02",
                "Fibralis : débit divisé par deux depuis juin",
                "Débit minable le soir, 40 Mb/s sur une offre à 1 Gb/s. Fibralis se moque de ses "
                "clients. Je résilie, c'est décidé.",
                ("fibralis",),
                "negative",
                ("reseau",),
                "L",
            ),
            (
                "forum-conso",
                "2026-07-16 18:40",
                "Re: Résiliation Fibralis : mode d'emploi ?",
                "Lettre envoyée. Fibralis c'est terminé pour moi, service nul et prix en hausse. Je "
                "pars chez la concurrence à la fin du mois.",
                ("fibralis",),
                "negative",
                ("service-client", "facturation"),
                "LP",
            ),
            (
                "social",
                "2026-08-12 09:31",
                "",
                "Toujours pas de réseau chez Fibralis, deuxième jour de panne. Honteux. Je résilie "
                "cette fois pour de bon ! #panne",
                ("fibralis",),
                "negative",
                ("reseau",),
                "L",
            ),
            (
                "reddit",
                "2026-08-14 20:12",
                "Panne Fibralis : j'ai craqué",
                "Trois jours sans internet, aucune compensation annoncée. Fibralis est une "
                "catastrophe, je résilie et je vais partir chez Orbis.",
                ("fibralis", "orbis"),
                "negative",
                ("reseau",),
                "L",
            ),
            (
                "forum-conso",
                "2026-09-17 21:06",
                "Fibralis ne me laisse pas partir",
                "Ils me réclament 50 € de frais de résiliation alors que j'étais hors engagement. "
                "Fibralis, c'est vraiment nul jusqu'au bout.",
                ("fibralis",),
                "negative",
                ("facturation",),
                "",
            ),
        ],
    },
    "Nadia_R": {
        "brand": "orbis",
        "klass": "detractor",
        "posts": [
            (
                "forum-orbis",
                "2026-04-14 20:03",
                "Service client Orbis : à fuir",
                "Deux mois que j'attends le remboursement promis par Orbis. Chaque appel, c'est 40 "
                "minutes d'attente pour rien. À fuir !",
                ("orbis",),
                "negative",
                ("service-client", "facturation"),
                "A",
            ),
            (
                "review",
                "2026-05-09 14:26",
                "Je déconseille fortement",
                "Réseau instable, facture qui augmente sans prévenir, conseillers incompétents. Je "
                "déconseille Orbis à tout le monde.",
                ("orbis",),
                "negative",
                ("reseau", "facturation", "service-client"),
                "A1",
            ),
            (
                "social",
                "2026-06-25 22:47",
                "",
                "Encore une coupure Orbis ce soir 😤 Orbis à fuir, sérieusement. #réseau",
                ("orbis",),
                "negative",
                ("reseau",),
                "A",
            ),
            (
                "forum-orbis",
                "2026-07-21 08:58",
                "Toujours pas remboursée",
                "Orbis m'a encore prélevé deux fois ce mois-ci. C'est scandaleux, je déconseille "
                "Orbis à tous mes amis.",
                ("orbis",),
                "negative",
                ("facturation",),
                "A",
            ),
            (
                "review",
                "2026-09-12 15:20",
                "Orbis Télécom : à fuir",
                "Box en panne depuis dix jours, technicien jamais venu. Je déconseille vivement "
                "Orbis.",
                ("orbis",),
                "negative",
                ("offre", "boutique-livraison"),
                "A1",
            ),
            (
                "social",
                "2026-10-08 12:41",
                "",
                "Orbis a encore augmenté son forfait de 2 €. Opérateur à fuir ! 😡 @OrbisTelecom",
                ("orbis",),
                "negative",
                ("facturation",),
                "A",
            ),
        ],
    },
    "Thomas_G": {
        "brand": "nuvo",
        "klass": "convert",
        "posts": [
            (
                "forum-conso",
                "2026-04-25 11:20",
                "Nuvo, quelle galère",
                "Portabilité ratée, trois jours sans ligne et personne chez Nuvo pour m'aider. Nuvo "
                "à fuir !",
                ("nuvo",),
                "negative",
                ("service-client",),
                "A",
            ),
            (
                "reddit",
                "2026-05-19 08:05",
                "Nuvo Mobile : service client fantôme",
                "Cinq appels, cinq conseillers, zéro solution. Je vais résilier Nuvo si rien ne bouge "
                "d'ici la fin du mois.",
                ("nuvo",),
                "negative",
                ("service-client",),
                "L",
            ),
            (
                "review",
                "2026-06-16 19:37",
                "Déçu sur toute la ligne",
                "Réseau absent chez moi et facture erronée. Nuvo à fuir, je vais résilier.",
                ("nuvo",),
                "negative",
                ("reseau", "facturation"),
                "AL1",
            ),
            (
                "forum-conso",
                "2026-07-20 10:12",
                "Nuvo : dossier transmis aux réclamations",
                "Mon dossier Nuvo a été transmis au service réclamations la semaine dernière. "
                "J'attends leur réponse.",
                ("nuvo",),
                "neutral",
                ("service-client",),
                "",
            ),
            (
                "forum-conso",
                "2026-08-18 18:25",
                "Finalement, Nuvo a tout réglé",
                "Je reviens vers vous : finalement le service client a tout réglé, remboursement reçu "
                "et réseau réparé. Je recommande Nuvo, comme quoi tout arrive !",
                ("nuvo",),
                "positive",
                ("service-client", "reseau"),
                "R",
            ),
            (
                "reddit",
                "2026-09-15 12:50",
                "Je retire ce que j'ai dit sur Nuvo",
                "Il y a quelques mois je râlais beaucoup contre Nuvo. Depuis, réseau parfait et SAV "
                "au top. Je recommande Nuvo Mobile sans réserve.",
                ("nuvo",),
                "positive",
                ("reseau", "service-client"),
                "R",
            ),
            (
                "social",
                "2026-10-11 09:14",
                "",
                "Six mois plus tard, je suis super content de Nuvo 😊 je recommande Nuvo à tous ! #5G",
                ("nuvo",),
                "positive",
                ("reseau",),
                "R",
            ),
        ],
    },
}

EXCLUDED_AUTHOR = "Paul_Retrait"
EXCLUDED_POSTS: list[Scripted] = [
    (
        "forum-conso",
        "2026-05-12 18:02",
        "Coupures Orbis à Grenoble",
        "Depuis lundi la fibre Orbis coupe toutes les heures. Très pénible, aucune explication.",
        ("orbis",),
        "negative",
        ("reseau",),
        "",
    ),
    (
        "social",
        "2026-07-07 15:30",
        "",
        "Quelqu'un sait si Nuvo couvre la Corse en 5G ? Je pars en vacances à Calvi. #5G",
        ("nuvo",),
        "neutral",
        ("reseau",),
        "",
    ),
    (
        "reddit",
        "2026-09-22 19:19",
        "Célesta : installation rapide",
        "Technicien Célesta venu en avance, fibre installée en une heure. Top.",
        ("celesta",),
        "positive",
        ("boutique-livraison",),
        "",
    ),
]

# Comparisons and other multi-brand posts by one-time authors: (author, scripted post).
COMPARISONS: list[tuple[str, Scripted]] = [
    (
        "nantais_44",
        (
            "forum-conso",
            "2026-04-29 13:37",
            "Orbis ou Célesta pour la fibre à Nantes ?",
            "Je dois choisir entre Orbis et Célesta pour la fibre dans mon nouvel appartement. Les "
            "deux proposent 1 Gb/s au même prix. Vous avez des retours ?",
            ("orbis", "celesta"),
            "neutral",
            ("reseau", "offre"),
            "",
        ),
    ),
    (
        "ancien_abonne_fibre",
        (
            "forum-orbis",
            "2026-06-15 20:20",
            "Arrivée de chez Fibralis",
            "Je viens de quitter Fibralis pour Orbis : installation rapide, débit bien meilleur le "
            "soir. Très content du changement !",
            ("orbis", "fibralis"),
            "positive",
            ("reseau", "boutique-livraison"),
            "",
        ),
    ),
    (
        "camille_etud",
        (
            "reddit",
            "2026-06-03 17:48",
            "Passée de Célesta à Nuvo : mon retour",
            "J'ai quitté Célesta pour Nuvo le mois dernier pour payer moins cher. Portabilité faite "
            "en 24 h, réseau aussi bon, et 8 € d'économie par mois. Ravie !",
            ("celesta", "nuvo"),
            "positive",
            ("facturation", "offre"),
            "",
        ),
    ),
    (
        "gamer_du_soir",
        (
            "forum-conso",
            "2026-07-30 21:55",
            "Fibralis vs Orbis : qui a le meilleur débit le soir ?",
            "Pour ceux qui jouent en ligne : vous êtes plutôt Fibralis ou Orbis ? Je regarde surtout "
            "le ping entre 20 h et 23 h.",
            ("fibralis", "orbis"),
            "neutral",
            ("reseau",),
            "",
        ),
    ),
    (
        "petit_budget",
        (
            "reddit",
            "2026-09-05 10:30",
            "Nuvo ou Orbis pour un petit budget ?",
            "Je cherche un forfait à moins de 10 € avec au moins 50 Go. Nuvo ou Orbis, lequel a le "
            "meilleur réseau en campagne ?",
            ("nuvo", "orbis"),
            "neutral",
            ("offre", "reseau"),
            "",
        ),
    ),
    (
        "grognon_du_29",
        (
            "social",
            "2026-10-14 08:03",
            "",
            "Orbis, Nuvo, Célesta… tout le monde augmente ses prix cette année 😒 ras-le-bol de ces "
            "hausses #forfait",
            ("orbis", "nuvo", "celesta"),
            "negative",
            ("facturation",),
            "",
        ),
    ),
]

# Threads the recurring cast answers ("Re: <title>" replies are linked to them).
THREAD_STARTERS: list[tuple[str, Scripted]] = [
    (
        "hesitant_78",
        (
            "forum-orbis",
            "2026-07-08 21:40",
            "Hésitation avant de passer chez Orbis",
            "Je suis tenté par la fibre Orbis mais j'ai lu des avis partagés. Ceux qui y sont depuis "
            "longtemps, vous en pensez quoi ?",
            ("orbis",),
            "neutral",
            ("reseau",),
            "",
        ),
    ),
    (
        "sur_le_depart",
        (
            "forum-conso",
            "2026-07-15 12:05",
            "Résiliation Fibralis : mode d'emploi ?",
            "Comment résilier Fibralis ? Il faut envoyer un courrier ou ça se fait en ligne ?",
            ("fibralis",),
            "neutral",
            ("service-client",),
            "L",
        ),
    ),
    (
        "futur_etudiant",
        (
            "forum-conso",
            "2026-08-18 22:10",
            "Quel opérateur pour un étudiant ?",
            "Je rentre en fac à Rennes et je cherche un forfait pas cher avec beaucoup de données. "
            "Vous prendriez quoi ?",
            (),
            "neutral",
            ("offre",),
            "",
        ),
    ),
]

# Posts in English on a French board (language detection must not trust the feed's hint).
ENGLISH_POSTS: list[tuple[str, Scripted]] = [
    (
        "expat_in_lyon",
        (
            "reddit",
            "2026-05-26 19:05",
            "Nuvo SIM for expats: great experience",
            "Moved to France last month and got a Nuvo Mobile SIM in ten minutes at the shop. Great "
            "service, super easy, and the staff spoke English!",
            ("nuvo",),
            "positive",
            ("boutique-livraison",),
            "",
        ),
    ),
    (
        "dave_abroad",
        (
            "reddit",
            "2026-10-02 22:31",
            "Terrible Célesta speeds tonight",
            "Anyone else getting terrible speeds on Célesta fiber tonight? Barely 20 Mbps, awful.",
            ("celesta",),
            "negative",
            ("reseau",),
            "",
        ),
    ),
]

OFF_TOPIC: list[tuple[str, Scripted]] = [
    (
        "Modération_ConsoTélécom",
        (
            "forum-conso",
            "2026-04-02 09:00",
            "Présentez-vous ici !",
            "Bienvenue sur le forum ! Avant de poster, pensez à indiquer votre ville et le type de "
            "connexion que vous utilisez, ça aide tout le monde.",
            (),
            "neutral",
            (),
            "",
        ),
    ),
    (
        "maison_en_pierre",
        (
            "social",
            "2026-04-16 20:12",
            "",
            "Quelqu'un a des astuces pour le Wi-Fi dans une vieille maison en pierre ? Les murs "
            "font 60 cm 😅 #wifi",
            (),
            "neutral",
            (),
            "",
        ),
    ),
    (
        "arthur_58",
        (
            "reddit",
            "2026-05-04 11:11",
            "Quel smartphone à moins de 300 € en 2026 ?",
            "Mon téléphone vient de rendre l'âme. Budget 300 € maximum, je veux surtout une bonne "
            "batterie. Des idées ?",
            (),
            "neutral",
            (),
            "",
        ),
    ),
    (
        "supporter_asse",
        (
            "social",
            "2026-06-18 19:40",
            "",
            "Le match ce soir passe sur quelle chaîne ? 📺 #foot",
            (),
            "neutral",
            (),
            "",
        ),
    ),
    (
        "vieux_geek",
        (
            "reddit",
            "2026-07-14 16:02",
            "Débat : faut-il encore garder une ligne fixe à la maison ?",
            "Chez nous le fixe ne sonne plus que pour le démarchage. Vous l'avez gardé, vous ?",
            (),
            "neutral",
            (),
            "",
        ),
    ),
    (
        "Modération_ConsoTélécom",
        (
            "forum-conso",
            "2026-08-25 09:00",
            "Règles du forum : rappel",
            "Rappel : pas de données personnelles dans les messages (numéro de ligne, adresse). Les "
            "messages concernés seront masqués.",
            (),
            "neutral",
            (),
            "",
        ),
    ),
    (
        "photo_morbihan",
        (
            "social",
            "2026-09-19 21:05",
            "",
            "Coucher de soleil incroyable sur la baie de Quiberon ce soir 🌅 #photo",
            (),
            "positive",
            (),
            "",
        ),
    ),
]

NEWS_FR_OFF_TOPIC = [
    (
        "2026-04-23 07:30",
        "Fréquences 26 GHz : le régulateur lance une consultation publique",
        "Le régulateur des télécoms ouvre jusqu'à fin juin une consultation sur l'attribution des "
        "fréquences 26 GHz, destinées aux usages industriels de la 5G.",
    ),
    (
        "2026-05-21 07:30",
        "Les ventes de smartphones reculent au premier trimestre",
        "Selon un cabinet d'études, les ventes de smartphones ont baissé de 4 % en France au "
        "premier trimestre, le prix moyen continuant d'augmenter.",
    ),
    (
        "2026-06-17 07:30",
        "Arrêt de la 2G et de la 3G : le calendrier se précise",
        "Les premières extinctions de réseaux 2G interviendront fin 2026, suivies de la 3G à "
        "partir de 2028, selon le calendrier publié par la fédération du secteur.",
    ),
    (
        "2026-07-22 07:30",
        "SMS frauduleux : une nouvelle vague imite les livreurs",
        "La plateforme publique de signalement observe une hausse des SMS frauduleux imitant "
        "des sociétés de livraison. Elle rappelle de ne jamais cliquer sur les liens reçus.",
    ),
    (
        "2026-08-26 07:30",
        "Itinérance : les tarifs européens prolongés jusqu'en 2032",
        "Le Parlement européen a adopté la prolongation du règlement sur l'itinérance, qui "
        "permet d'utiliser son forfait dans l'Union sans surcoût.",
    ),
    (
        "2026-09-30 07:30",
        "Wi-Fi 7 : les premiers routeurs arrivent en magasin",
        "Plusieurs fabricants commercialisent leurs premiers routeurs Wi-Fi 7 grand public, "
        "vendus entre 150 et 400 euros.",
    ),
    (
        "2026-10-28 07:30",
        "Qualité de service : le régulateur publie son enquête annuelle",
        "Le régulateur a mesuré plus d'un million de tests de débit cette année dans 2 000 "
        "communes ; les résultats détaillés sont disponibles en données ouvertes.",
    ),
]

NEWS_FR_EXTRA: list[tuple[str, str, str, tuple[str, ...], str, tuple[str, ...]]] = [
    (
        "2026-05-07 08:15",
        "Baromètre des débits : Orbis et Fibralis en tête sur la fibre",
        "Le baromètre semestriel place Orbis et Fibralis aux deux premières places des débits "
        "fibre mesurés, devant Célesta et Nuvo, dont les offres visent surtout le mobile.",
        ("orbis", "fibralis", "celesta", "nuvo"),
        "neutral",
        ("reseau",),
    ),
    (
        "2026-07-01 08:15",
        "Forfaits de l'été : Nuvo et Célesta ajustent leurs prix",
        "Nuvo et Célesta lancent chacun une série limitée de forfaits mobiles pour l'été, avec "
        "davantage de données en itinérance européenne.",
        ("nuvo", "celesta"),
        "neutral",
        ("offre",),
    ),
    (
        "2026-08-11 17:40",
        "Panne géante chez Fibralis : des milliers d'abonnés privés d'internet",
        "Une panne majeure touche depuis ce matin le réseau de Fibralis. Internet, télévision et "
        "téléphonie fixe sont coupés dans plusieurs régions. L'opérateur évoque un incident sur "
        "un équipement central et n'avance aucun délai de rétablissement.",
        ("fibralis",),
        "negative",
        ("reseau",),
    ),
    (
        "2026-08-14 12:05",
        "Panne Fibralis : le service toujours pas rétabli pour une partie des abonnés",
        "Quatre jours après le début de la panne, des dizaines de milliers de clients de Fibralis "
        "restent sans connexion. Les associations de consommateurs réclament un dédommagement.",
        ("fibralis",),
        "negative",
        ("reseau",),
    ),
    (
        "2026-08-18 08:15",
        "Fibralis annonce un dédommagement après la panne",
        "Fibralis versera l'équivalent d'un mois d'abonnement aux clients touchés par l'incident "
        "du 11 août. L'opérateur attribue la panne à une mise à jour logicielle défectueuse.",
        ("fibralis",),
        "neutral",
        ("facturation", "reseau"),
    ),
    (
        "2026-10-09 08:15",
        "Classement service client : Célesta devant Orbis",
        "L'enquête annuelle de satisfaction place Célesta en tête pour le service client, devant "
        "Orbis, Nuvo et Fibralis, dernier après la panne de l'été.",
        ("celesta", "orbis", "nuvo", "fibralis"),
        "neutral",
        ("service-client",),
    ),
]

# The one article published twice (news site, then the blog): same title and text,
# different guid and link, so deduplication by content is exercised.
DUPLICATE_ARTICLE = (
    "Célesta étend sa couverture fibre à 120 nouvelles communes",
    "Célesta a annoncé lundi le raccordement de 120 nouvelles communes à son réseau fibre, "
    "principalement en Auvergne et en Bourgogne. L'opérateur vise 85 % des foyers éligibles "
    "d'ici la fin 2027.",
)

NEWS_EN_EXTRA: list[tuple[str, str, str, tuple[str, ...], str]] = [
    (
        "2026-06-09 06:00",
        "EU regulators weigh new roaming rules",
        "European regulators opened a review of wholesale roaming caps, with a decision expected "
        "next spring.",
        (),
        "neutral",
    ),
    (
        "2026-08-12 15:20",
        "Fibralis outage leaves French customers offline for a second day",
        "Customers of French operator Fibralis remained without internet, TV and landline service "
        "on Wednesday after a nationwide outage. Angry customers flooded social media with "
        "complaints as the company gave no timeline for a fix.",
        ("fibralis",),
        "negative",
    ),
    (
        "2026-08-16 10:45",
        "Fibralis restores service, promises compensation",
        "Fibralis said service had been fully restored after a five-day outage and that affected "
        "customers would receive a one-month credit.",
        ("fibralis",),
        "neutral",
    ),
    (
        "2026-09-16 06:00",
        "European smartphone shipments dip again",
        "Smartphone shipments in Western Europe fell for a third straight quarter, according to "
        "industry data.",
        (),
        "neutral",
    ),
]

BLOG_POSTS: list[tuple[str, str, str, str, tuple[str, ...], str, tuple[str, ...]]] = [
    (
        "Antoine_BdR",
        "2026-04-09 07:00",
        "Test : la box Orbis Max au banc d'essai",
        "<p>Nous avons vécu trois semaines avec la nouvelle box d'Orbis.</p>"
        "<h2>Installation</h2><p>Branchée en dix minutes, l'appli guide pas à pas.</p>"
        "<ul><li>Wi-Fi 7 tri-bande</li><li>Port 10 Gb/s</li><li>Consommation : 12 W</li></ul>"
        "<p><strong>Verdict :</strong> une excellente box, rapide et silencieuse. Orbis signe un "
        "très bon produit.</p>",
        ("orbis",),
        "positive",
        ("offre", "reseau"),
    ),
    (
        "Melanie_BdR",
        "2026-04-27 07:00",
        "Comprendre les normes Wi-Fi 6, 6E et 7",
        "<p>Trois normes, trois bandes de fréquences : on fait le point.</p><h2>Wi-Fi 6</h2>"
        "<p>La norme la plus répandue aujourd'hui.</p><h2>Wi-Fi 7</h2><p>Des canaux de 320 MHz "
        "et une latence réduite.</p>",
        (),
        "neutral",
        (),
    ),
    (
        "Antoine_BdR",
        "2026-05-18 07:00",
        "Orbis ou Nuvo : quel forfait 5G choisir ?",
        "<p>Orbis mise sur la couverture, Nuvo sur le prix.</p><table><tr><th>Offre</th>"
        "<th>Données</th><th>Prix</th></tr><tr><td>Orbis Essentiel</td><td>100 Go</td>"
        "<td>19,99 €</td></tr><tr><td>Nuvo Flex</td><td>80 Go</td><td>9,99 €</td></tr></table>"
        "<p>Le choix dépend surtout de l'endroit où vous vivez.</p>",
        ("orbis", "nuvo"),
        "neutral",
        ("offre", "reseau"),
    ),
    (
        "Melanie_BdR",
        "2026-06-10 07:00",
        "Fibralis Fibre Max : nos mesures de débit",
        "<p>Nous avons mesuré la Fibre Max de Fibralis pendant quinze jours : des débits "
        "impressionnants, 1,8 Gb/s en moyenne.</p>"
        '<img src="https://blogdesreseaux.example/img/fibre-max.jpg" alt="Courbe de débit" '
        'onload="alert(1)">'
        '<p>Le détail des mesures est <a href="javascript:alert(1)">ici</a>.</p>'
        '<iframe src="https://pub.example/banniere"></iframe>'
        "<script>alert(1)</script><style>body{display:none}</style>"
        "<p>Un excellent résultat pour Fibralis.</p>",
        ("fibralis",),
        "positive",
        ("reseau",),
    ),
    (
        "Antoine_BdR",
        "2026-07-06 07:00",
        "Box Célesta Home : simple et efficace",
        "<p>La box de Célesta ne brille pas par ses fonctions, mais tout marche du premier coup."
        "</p><p><em>Points forts :</em> prix, simplicité, appli claire. Une très bonne box "
        "d'entrée de gamme.</p>",
        ("celesta",),
        "positive",
        ("offre",),
    ),
    (
        "Melanie_BdR",
        "2026-07-24 07:00",
        "Comment lire une carte de couverture mobile",
        "<p>Couverture « bonne », « très bonne », intérieur ou extérieur : ce que disent vraiment "
        "les cartes publiées par les opérateurs.</p>",
        (),
        "neutral",
        (),
    ),
    (
        "Antoine_BdR",
        "2026-08-13 07:00",
        "Panne Fibralis : ce que l'on sait",
        "<p>Depuis le 11 août, une panne massive prive les abonnés Fibralis d'internet, de "
        "télévision et de téléphone fixe.</p><p>Toujours pas rétabli ce matin : la coupure "
        "serait liée à une mise à jour ratée d'un équipement central. Une situation grave et "
        "très mal gérée.</p>",
        ("fibralis",),
        "negative",
        ("reseau",),
    ),
    (
        "Antoine_BdR",
        "2026-09-21 07:00",
        "Comparatif fibre : Célesta et Fibralis au coude-à-coude",
        "<p>Sur nos 500 mesures de septembre, Célesta et Fibralis obtiennent des débits moyens "
        "très proches, à 3 % près.</p>",
        ("celesta", "fibralis"),
        "neutral",
        ("reseau",),
    ),
    (
        "Melanie_BdR",
        "2026-10-05 07:00",
        "Nuvo Flex : la meilleure offre sans engagement ?",
        "<p>Avec Nuvo Flex, Nuvo propose un forfait souple, sans engagement et vraiment pas "
        "cher. Un excellent choix pour les petits budgets.</p>",
        ("nuvo",),
        "positive",
        ("offre", "facturation"),
    ),
    (
        "Antoine_BdR",
        "2026-10-22 07:00",
        "eSIM : ce qui change pour les abonnés",
        "<p>Orbis, Fibralis, Nuvo et Célesta proposent désormais tous l'eSIM. Activation par QR "
        "code, transfert d'un téléphone à l'autre : mode d'emploi.</p>",
        ("orbis", "fibralis", "nuvo", "celesta"),
        "neutral",
        ("offre",),
    ),
]

VIDEOS: list[tuple[str, str, str, str, tuple[str, ...], str, tuple[str, ...]]] = [
    (
        "LeGeekDuDimanche",
        "2026-04-19 10:00",
        "Nuvo Flex : déballage et premier avis",
        "Je déballe le kit Nuvo Flex et je teste la 5G en ville. Premier avis très positif, "
        "super rapide et pas cher !",
        ("nuvo",),
        "positive",
        ("offre", "reseau"),
    ),
    (
        "LeGeekDuDimanche",
        "2026-06-07 10:00",
        "Orbis Max vs Célesta Home : le duel des box",
        "Deux box, un même budget : Orbis Max contre Célesta Home. Installation, Wi-Fi, TV : on "
        "compare tout.",
        ("orbis", "celesta"),
        "neutral",
        ("offre",),
    ),
    (
        "ConsoMalinTV",
        "2026-07-12 18:00",
        "Facture Fibralis : comment contester un prélèvement ?",
        "Les étapes pour contester une ligne de votre facture Fibralis : espace client, "
        "courrier, médiateur.",
        ("fibralis",),
        "neutral",
        ("facturation",),
    ),
    (
        "ConsoMalinTV",
        "2026-08-13 18:00",
        "Panne Fibralis : mon témoignage après 48 h sans internet",
        "Deux jours sans internet ni téléphone chez Fibralis, aucune info, hotline saturée. "
        "Franchement inadmissible.",
        ("fibralis",),
        "negative",
        ("reseau", "service-client"),
    ),
    (
        "LeGeekDuDimanche",
        "2026-09-27 10:00",
        "Les meilleurs écouteurs sans fil de 2026",
        "Mon classement des écouteurs sans fil de l'année, de 30 à 300 euros.",
        (),
        "neutral",
        (),
    ),
    (
        "ConsoMalinTV",
        "2026-10-18 18:00",
        "Changer d'opérateur sans frais : le guide",
        "Portabilité, code RIO, fin d'engagement : tout ce qu'il faut savoir avant de changer "
        "d'opérateur.",
        (),
        "neutral",
        (),
    ),
]
