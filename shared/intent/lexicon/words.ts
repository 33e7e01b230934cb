/**
 * @module The maintained lexicon of how customers really write: pinyin initials and whole pinyin, English words
 * and phrases, internet slang, dialect (Cantonese, Sichuan, Shanghai, north-eastern) and common typos or
 * homophones, each mapped to the plain Mandarin a model has seen. Entries are "written→canonical", separated by
 * "|". Keep entries unambiguous in a customer-service chat: a word that often means something else stays out
 * (e.g. "hd" is 活动 as often as 回电). Add an entry whenever agents' corrections show a new spelling.
 */

/** Latin words (whole words only, lower case): pinyin initials, pinyin, English. Phrases of up to 3 words. */
export const LATIN = [
  // pinyin initials
  'tk→退款|th→退货|tf→退费|thtk→退货退款|fp→发票|kp→开票|zp→专票|pp→普票|wl→物流|kd→快递|kdy→快递员|dd→订单|ddh→订单号',
  'dh→电话|kf→客服|rg→人工|rgkf→人工客服|zrg→转人工|sh→售后|ts→投诉|cp→差评|hp→好评|yy→预约|yhq→优惠券|yhm→优惠码',
  'jg→价格|by→包邮|kc→库存|xh→现货|zd→知道|zdl→知道了|xx→谢谢|xxn→谢谢你|nh→你好|nhnh→你好你好|zm→怎么|sm→什么',
  'smsh→什么时候|hh→哈哈|hhh→哈哈哈|hhhh→哈哈哈|xdm→兄弟们|jms→姐妹们|dddd→懂的都懂|yyds→太棒了|nb→厉害|nbnb→厉害',
  'awsl→太可爱了|emo→难过|3q→谢谢|tks→谢谢|thx→谢谢|ty→谢谢|plz→请|pls→请|asap→尽快|zfb→支付宝|wx→微信|vx→微信',
  // whole pinyin (syllable groups); a run of these is split greedily when every piece is known
  'tuikuan→退款|tui→退|kuan→款|tuihuo→退货|tuifei→退费|tuiqian→退钱|qian→钱|fapiao→发票|piao→票|kaipiao→开票|kai→开',
  'kuaidi→快递|wuliu→物流|fahuo→发货|fa→发|huo→货|dingdan→订单|danhao→单号|rengong→人工|ren→人|gong→工|kefu→客服',
  'zhuan→转|zhenren→真人|xiexie→谢谢|nihao→你好|ni→你|hao→好|zaima→在吗|zai→在|ma→吗|ne→呢|le→了|ba→吧|bu→不',
  'mei→没|meiyou→没有|wo→我|yao→要|xiang→想|duoshao→多少|duoshaoqian→多少钱|jiage→价格|youhui→优惠|baoyou→包邮',
  'pianyi→便宜|dian→点|yuyue→预约|huidian→回电|dianhua→电话|gaiyue→改约|gai→改|yue→约|tousu→投诉|chaping→差评',
  'shouhou→售后|weixiu→维修|huanhuo→换货|huan→换|huaile→坏了|huai→坏|jinji→紧急|jiji→急急|jiuming→救命|daole→到了',
  'yi→一|ge→个|hui→回|kan→看|bang→帮|cha→查|xia→下|dao→到|shenme→什么|shihou→时候|zenme→怎么|yong→用|chicun→尺寸|yanse→颜色|ji→几|zhong→种|shangmen→上门',
  // English
  'refund→退款|refunds→退款|return→退货|returns→退货|cancel→取消|order→订单|orders→订单|tracking→物流|track→物流',
  'delivery→配送|deliver→送|delivered→送到|ship→发货|shipped→发货|shipping→发货|package→包裹|parcel→包裹|arrive→到',
  'invoice→发票|receipt→收据|vat→增值税|price→价格|prices→价格|cost→费用|how much→多少钱|discount→折扣|coupon→优惠券',
  'promotion→活动|promo→活动|sale→促销|cheap→便宜|cheaper→便宜|expensive→贵|free shipping→包邮|book→预约|booking→预约',
  'appointment→预约|reschedule→改约|schedule→安排|call me→给我打电话|call me back→给我回电|call→电话|human→人工',
  'agent→人工|real person→真人|person→人|someone→人|manager→经理|complain→投诉|complaint→投诉|rude→态度差|scam→骗子',
  'terrible→太差|worst→最差|bad→差|thanks→谢谢|thank you→谢谢|thank u→谢谢|thank→谢谢|bye→再见|bye bye→拜拜|hello→你好',
  'hi→你好|hey→你好|broken→坏了|repair→维修|fix→修|warranty→保修|exchange→换货|bug→故障|crash→闪退|crashing→闪退',
  'login→登录|account→账号|hack→盗号|hacked→被盗|password→密码|urgent→紧急|emergency→紧急|help→帮助|sos→救命',
  'size→尺码|color→颜色|colour→颜色|stock→库存|waterproof→防水|material→材质|feature→功能|features→功能|plan→套餐',
  'course→课程|class→课|room→房间|flight→航班|ticket→票|hotel→酒店|consultation→咨询|staff→员工|service→服务',
  'policy→保单|claim→理赔|damaged→破损|wrong→错|missing→少了|late→晚|when→什么时候|where→哪里|what→什么|please→请',
  'sorry→抱歉|money→钱|pay→付款|paid→付款|payment→付款|charge→扣费|charged→扣费|check→查|status→状态',
  'ok→好的|okay→好的|okk→好的|okkk→好的|fine→好|got it→知道了|see you→再见|good→好|great→太好了|anyone→有人',
  'student→学生|member→会员|membership→会员|trial→试用|demo→演示|quote→报价|wechat→微信|app→应用|system→系统',
  // English function words, so a whole English sentence reads like its Chinese counterpart
  'i→我|me→我|my→我的|you→你|your→你们的|we→我们|our→我们的|it→|this→这个|that→那个|the→|a→|an→|is→是|are→是|was→是',
  'to→|for→|of→的|in→在|on→在|at→在|and→和|or→或|not→不|no→不|can→能|could→能|would→想|will→会|want→要|need→需要',
  'send→发|get→拿到|give→给|talk→说|speak→说|have→有|has→有|any→有没有|do→|does→|did→|why→为什么|how→怎么|who→谁',
  'number→号|still→还|yet→还|again→又|already→已经|today→今天|tomorrow→明天|now→现在|there→|here→这里|please help→请帮忙',
].join('|');

/** Chinese spellings (longest match first): slang, dialect, typos and homophones → plain Mandarin. */
export const HAN = [
  // typos and homophones of the words that decide an intent
  '快地→快递|快第→快递|快的到→快递到|退宽→退款|退欵→退款|推款→退款|发漂→发票|发飘→发票|发标→发票|发piao→发票',
  '专漂→专票|预月→预约|预越→预约|预跃→预约|价各→价格|价个→价格|头诉→投诉|投述→投诉|偷诉→投诉|转认工→转人工|认工→人工',
  '人工客副→人工客服|客副→客服|课服→客服|优慧→优惠|优汇→优惠|到帐→到账|帐号→账号|帐户→账户|登陆→登录|保显→保险',
  '发或→发货|发伙→发货|空条→空调|尺吋→尺寸|尺马→尺码|太茶→太差|手序费→手续费|定单→订单',
  '冲值→充值|一吓→一下|谢谢拉→谢谢啦|多些→多谢|辛故→辛苦|麻烦拉→麻烦啦|在麽→在吗|在么→在吗|在嘛→在吗|在马→在吗',
  '在码→在吗|再吗→在吗|在咩→在吗|在伐→在吗|在否→在吗|泥嚎→你好|泥好→你好|你嚎→你好|你耗→你好|您耗→您好|您嚎→您好',
  '神马→什么|肿么→怎么|腫么→怎么|酱紫→这样子|木有→没有|米有→没有|灰常→非常|童鞋→同学|好滴→好的|好哒→好的|好嘞→好的',
  '么么哒→亲亲|稀饭→喜欢|虾米→什么',
  // internet slang
  '蚌埠住→绷不住|破防→崩溃|人麻了→崩溃|栓q→谢谢|我真的会谢→无语|无语子→无语|绝绝子→太棒了',
  '拉胯→很差|踩雷→很差|智商税→不值|摸鱼→偷懒|摆烂→不管|芭比q→完蛋|我服了→无语|真服了→无语|薅羊毛→优惠',
  '种草→想买|安利→推荐|求带→推荐|有无→有没有|有木有→有没有|宝子们→大家|宝子→亲|集美们→大家|集美→亲|家人们→大家',
  '老铁→朋友|杠杠的→很好|牛逼→厉害|牛b→厉害|牛批→厉害|6翻了→厉害|666→厉害|多少米→多少钱|几个米→多少钱',
  // dialect: Cantonese
  '唔该晒→谢谢|唔该→谢谢|多谢晒→谢谢|冇问题→没问题|冇→没有|唔好→不要|唔要→不要|唔系→不是|唔→不|系咪→是不是',
  '系唔系→是不是|嘅→的|佢哋→他们|你哋→你们|我哋→我们|佢→他|哋→们|揾→找|搵→找|俾我→给我|俾→给|睇→看|嚟→来',
  '喺度→在|喺→在|去咗边→去哪了|咗→了|边度→哪里|边个→谁|点样→怎么|点解→为什么|做咩→为什么|咩→什么|乜嘢→什么',
  '乜→什么|几时→什么时候|几多钱→多少钱|几钱→多少钱|听日→明天|后日→后天|今日→今天|琴日→昨天|寻日→昨天|下昼→下午',
  '上昼→上午|仲未→还没|仲裁→仲裁|仲→还|早晨→早上好|饮茶先→先这样|得闲→有空|靓→漂亮|搞掂→搞定|畀→给',
  // dialect: Sichuan, north-eastern, Shanghai, northern
  '啥子→什么|啥玩意→什么|啥→什么|啷个→怎么|咋个→怎么|咋整→怎么办|咋弄→怎么弄|咋→怎么|要得→好的|莫得→没有|莫再→不要再',
  '莫打→不要打|莫发→不要发|莫名其妙→莫名其妙|嘞个→这个|好多钱→多少钱|哪旮旯→哪里|整啥→干什么|干哈→干什么|嘎哈→干什么|埋汰→脏',
  '侬→你|阿拉→我们|迭个→这个|几钿→多少钱|嘎贵→这么贵|伐要→不要|伐好意思→不好意思|伐→吗|晓得了→知道了|晓得→知道',
  '俺们→我们|俺→我|甭→不用',
  // hotlines and emergency numbers (before digits are masked)
  '12315→消协投诉|12345→热线投诉|打110→报警|打120→叫急救|叫120→叫急救|打119→报火警|叫救护车→叫急救',
].join('|');

export type Lexicon = ReadonlyMap<string, string>;

export function parseLexicon(source: string): Lexicon {
  const map = new Map<string, string>();
  for (const entry of source.split('|')) {
    const at = entry.indexOf('→');
    if (at <= 0) continue;
    map.set(entry.slice(0, at).trim().toLowerCase(), entry.slice(at + 1).trim());
  }
  return map;
}
